using Majster.Core.Accounts;
using Majster.Core.Data;
using Majster.Core.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Majster.Core.Offers;

/// <summary>
/// The people's side of the state machine (DESIGN §2): create, schedule/reschedule, cancel, send now, retry.
/// Each action checks ownership (another owner's row is not found), then asks <see cref="OfferSendActionRules"/>
/// (status and the worker's lease) as the pages do, and appends
/// one <c>offer_send_events</c> row. A change is written in one statement fenced on the row's version and lease, so
/// the claim and a person never both win. Expected failures come back as an <see cref="Outcome{T}"/>.
/// </summary>
public sealed class OfferSendService(
    IDbContextFactory<MajsterDbContext> contexts,
    TimeProvider clock,
    IOptions<SchedulerOptions> scheduler)
{
    public async Task<Outcome<OfferSend>> CreateAsync(Actor actor, NewOfferSend input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var now = clock.GetUtcNow();
        if (input.ScheduledFor is { } when && ScheduleWindow.Check(when, now, scheduler.Value.MaxScheduleAhead) is { } timeError)
        {
            return Outcome<OfferSend>.Invalid(timeError);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var offer = await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == input.OfferId, cancellationToken);
        if (offer is null || !actor.CanSee(offer.UserId))
        {
            return Outcome<OfferSend>.NotFound($"Offer {input.OfferId} was not found.");
        }

        var clientEmail = input.ClientEmail ?? offer.ClientEmail;
        var send = new OfferSend
        {
            OfferId = offer.Id,
            UserId = offer.UserId,
            // Stored in the rule's one form; an address the rule refuses is kept as given for CheckContent to name.
            ClientEmail = OfferInputRules.CheckEmail("clientEmail", clientEmail, out var normalized) is null ? normalized : clientEmail,
            ClientName = input.ClientName ?? offer.ClientName,
            Subject = input.Subject ?? DefaultSubject(offer),
            Message = input.Message,
            PdfUrl = input.PdfUrl,
            Status = input.ScheduledFor is null ? OfferSendStatus.Pending : OfferSendStatus.Scheduled,
            ScheduledFor = input.ScheduledFor?.ToUniversalTime(),
            MaxRetries = scheduler.Value.MaxRetries,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (CheckContent(send) is { } error)
        {
            return Outcome<OfferSend>.Invalid(error);
        }

        if (await SuppressionOfAsync(db, send.ClientEmail, cancellationToken) is { } suppression)
        {
            return Outcome<OfferSend>.Conflict(suppression.Explain());
        }

        send.Events.Add(Event(actor, OfferSendActions.Create, send, null, null, now));
        db.OfferSends.Add(send);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<OfferSend>.Ok(send);
    }

    /// <summary>pending → scheduled (schedule) or scheduled → scheduled (reschedule); resets the retry fields.</summary>
    public Task<Outcome<OfferSend>> ScheduleAsync(
        Actor actor, Guid id, DateTimeOffset scheduledFor, IReadOnlyCollection<uint>? ifVersions, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (ScheduleWindow.Check(scheduledFor, now, scheduler.Value.MaxScheduleAhead) is { } timeError)
        {
            return Task.FromResult(Outcome<OfferSend>.Invalid(timeError));
        }

        return ChangeAsync(
            actor, id, ifVersions, now, OfferSendAvailableActions.Schedule | OfferSendAvailableActions.Reschedule, "scheduled",
            send => MakeDue(send, scheduledFor.ToUniversalTime()), cancellationToken);
    }

    /// <summary>scheduled → pending, with no time.</summary>
    public Task<Outcome<OfferSend>> CancelAsync(Actor actor, Guid id, IReadOnlyCollection<uint>? ifVersions, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, ifVersions, clock.GetUtcNow(), OfferSendAvailableActions.Cancel, "cancelled", send =>
        {
            send.Status = OfferSendStatus.Pending;
            send.ScheduledFor = null;
        }, cancellationToken);

    /// <summary>pending|scheduled → scheduled and due now.</summary>
    public Task<Outcome<OfferSend>> SendNowAsync(Actor actor, Guid id, IReadOnlyCollection<uint>? ifVersions, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return ChangeAsync(actor, id, ifVersions, now, OfferSendAvailableActions.SendNow, "sent now", send => MakeDue(send, now), cancellationToken);
    }

    /// <summary>
    /// failed → scheduled and due now, with a fresh retry budget. The last error message is kept (it is what failed
    /// before; the engine overwrites or clears it at the next attempt), and so is the attempts history.
    /// </summary>
    public Task<Outcome<OfferSend>> RetryAsync(Actor actor, Guid id, IReadOnlyCollection<uint>? ifVersions, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return ChangeAsync(actor, id, ifVersions, now, OfferSendAvailableActions.Retry, "retried", send => MakeDue(send, now), cancellationToken);
    }

    /// <summary>
    /// Reads the row, checks it is the actor's, that it is one of <paramref name="ifVersions"/> when the caller named
    /// versions (HTTP's If-Match), and that <see cref="OfferSendActionRules"/> allow one of <paramref name="requested"/>
    /// now (<paramref name="verb"/> names it in the refusal), lets <paramref name="change"/> move it, re-validates its
    /// content and writes the change with its event, which records the allowed action. The write is fenced on the
    /// row's version (<c>xmin</c>) and lease: when anyone wrote the row in between (the claim, another person) nothing
    /// is written and — unless the caller named versions, for whom that is stale — the change is decided again on what
    /// is there now. On success the send carries its new version.
    /// </summary>
    private async Task<Outcome<OfferSend>> ChangeAsync(
        Actor actor, Guid id, IReadOnlyCollection<uint>? ifVersions, DateTimeOffset now, OfferSendAvailableActions requested, string verb,
        Action<OfferSend> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            // The address's suppression comes in the same read: none of these changes moves the address.
            var read = await db.OfferSends.AsNoTracking().Where(s => s.Id == id)
                .Select(s => new { Send = s, Suppression = db.Suppressions.AsNoTracking().FirstOrDefault(x => x.Address == s.ClientEmail) })
                .FirstOrDefaultAsync(cancellationToken);
            var send = read?.Send;
            if (send is null || !actor.CanSee(send.UserId))
            {
                return Outcome<OfferSend>.NotFound($"Offer send {id} was not found.");
            }

            if (ifVersions is not null && !ifVersions.Contains(send.Version))
            {
                return Stale(send.Version);
            }

            var allowed = OfferSendActionRules.For(send, now) & requested;
            if (allowed == OfferSendAvailableActions.None)
            {
                return send.IsLeasedAt(now) ? LeasedNow : WrongStatus(send, verb, requested);
            }

            var before = new { send.Status, send.ScheduledFor };
            change(send);
            if (send.Status == OfferSendStatus.Scheduled && CheckContent(send) is { } error)
            {
                return Outcome<OfferSend>.Invalid(error);
            }

            if (send.Status == OfferSendStatus.Scheduled && read!.Suppression is { } suppression)
            {
                return Outcome<OfferSend>.Conflict(suppression.Explain());
            }

            send.UpdatedAt = now;
            var written = await WriteChangeAsync(db, send, Event(actor, OfferSendActions.Of(allowed), send, before.Status, before.ScheduledFor, now), cancellationToken);
            if (written is { } version)
            {
                send.Version = version;
                return Outcome<OfferSend>.Ok(send);
            }

            if (ifVersions is not null)
            {
                return Stale(null);
            }

            if (attempt == MaxChangeAttempts)
            {
                return Outcome<OfferSend>.Conflict("The offer send was changed by someone else at the same moment; try again.");
            }
        }
    }

    /// <summary>The suppression that forbids sending to <paramref name="clientEmail"/> (stored in the address rule's form), or null.</summary>
    private static Task<Inbound.Suppression?> SuppressionOfAsync(MajsterDbContext db, string clientEmail, CancellationToken cancellationToken) =>
        db.Suppressions.AsNoTracking().FirstOrDefaultAsync(s => s.Address == clientEmail, cancellationToken);

    /// <summary>How often a change is decided again when the row was written meanwhile, before giving up with 409.</summary>
    private const int MaxChangeAttempts = 3;

    private static readonly Outcome<OfferSend> LeasedNow =
        Outcome<OfferSend>.Conflict("The offer send is being processed right now; try again in a minute.");

    private static Outcome<OfferSend> Stale(uint? current) => Outcome<OfferSend>.Stale(
        "The offer send has changed since the version the request names" +
        (current is { } version ? $" (it is now version {version})" : "") + "; read it again and decide on what it is now.");

    /// <summary>
    /// One statement: the state machine's columns, only if the row is still the version that was read and not leased,
    /// and the audit event only if that update happened. The row's new version, or null when the row had moved on.
    /// The event is inserted while the update holds the row's lock, which it keeps until commit: a send's events get
    /// their ids in the order their changes commit.
    /// </summary>
    private static async Task<uint?> WriteChangeAsync(MajsterDbContext db, OfferSend send, OfferSendEvent change, CancellationToken cancellationToken)
    {
        var written = await db.Database.SqlQueryRaw<long>(
            WriteChangeSql,
            new NpgsqlParameter<Guid>("id", send.Id),
            new NpgsqlParameter("version", NpgsqlDbType.Xid) { Value = send.Version },
            new NpgsqlParameter<DateTimeOffset>("now", change.At),
            new NpgsqlParameter<string>("status", send.Status.ToText()),
            Instant("scheduled_for", send.ScheduledFor),
            new NpgsqlParameter<int>("retry_count", send.RetryCount),
            Instant("last_retry_at", send.LastRetryAt),
            Instant("processed_at", send.ProcessedAt),
            new NpgsqlParameter<DateTimeOffset>("updated_at", send.UpdatedAt),
            new NpgsqlParameter<string>("actor", change.Actor),
            new NpgsqlParameter<string>("action", change.Action),
            new NpgsqlParameter("status_before", NpgsqlDbType.Text) { Value = (object?)change.StatusBefore?.ToText() ?? DBNull.Value },
            new NpgsqlParameter<string>("status_after", change.StatusAfter.ToText()),
            Instant("scheduled_for_before", change.ScheduledForBefore),
            Instant("scheduled_for_after", change.ScheduledForAfter)).ToListAsync(cancellationToken);
        return written.Count == 1 ? (uint)written[0] : null;
    }

    private const string WriteChangeSql = $$"""
        WITH changed AS (
            UPDATE offer_sends
            SET status = @status, scheduled_for = @scheduled_for, retry_count = @retry_count,
                last_retry_at = @last_retry_at, processed_at = @processed_at, updated_at = @updated_at
            WHERE id = @id AND xmin = @version AND {{OfferSendLease.FreeSql}}
            RETURNING id, xmin),
        logged AS (
            INSERT INTO offer_send_events (offer_send_id, at, actor, action, status_before, status_after,
                                           scheduled_for_before, scheduled_for_after)
            SELECT id, @now, @actor, @action, @status_before, @status_after, @scheduled_for_before, @scheduled_for_after
            FROM changed)
        SELECT xmin::text::bigint AS "Value" FROM changed
        """;

    private static NpgsqlParameter Instant(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is { } instant ? instant : DBNull.Value };

    /// <summary>Scheduled for <paramref name="when"/>, with the retry fields reset as the original did.</summary>
    private static void MakeDue(OfferSend send, DateTimeOffset when)
    {
        send.Status = OfferSendStatus.Scheduled;
        send.ScheduledFor = when;
        send.RetryCount = 0;
        send.LastRetryAt = null;
        send.ProcessedAt = null;
    }

    /// <summary>What a send carries into the e-mail; checked at create and whenever it is made due.</summary>
    private static RuleBreach? CheckContent(OfferSend send) => OfferInputRules.First(
        OfferInputRules.CheckEmail("clientEmail", send.ClientEmail),
        OfferInputRules.CheckHeaderText("clientName", send.ClientName, OfferInputRules.MaxNameLength, required: false),
        OfferInputRules.CheckHeaderText("subject", send.Subject, OfferInputRules.MaxSubjectLength),
        OfferInputRules.CheckMessage("message", send.Message),
        OfferInputRules.CheckUrl("pdfUrl", send.PdfUrl));

    private static Outcome<OfferSend> WrongStatus(OfferSend send, string verb, OfferSendAvailableActions requested) =>
        Outcome<OfferSend>.Conflict($"An offer send that is {send.Status.ToText()} cannot be {verb}; it must be " +
            string.Join(" or ", OfferSendActionRules.StatusesAllowing(requested).Select(status => status.ToText())) + ".");

    /// <summary>The subject a send gets when none is given: "Oferta: …" or "Offer: …" in the offer's language.</summary>
    public static string DefaultSubject(Offer offer) =>
        (offer.Language == "pl" ? "Oferta: " : "Offer: ") + offer.Title;

    private static OfferSendEvent Event(
        Actor actor, string action, OfferSend send, OfferSendStatus? statusBefore, DateTimeOffset? scheduledBefore, DateTimeOffset now) =>
        new()
        {
            OfferSendId = send.Id,
            At = now,
            Actor = actor.AuditName,
            Action = action,
            StatusBefore = statusBefore,
            StatusAfter = send.Status,
            ScheduledForBefore = scheduledBefore,
            ScheduledForAfter = send.ScheduledFor,
        };
}
