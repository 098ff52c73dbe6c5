using Majster.Core.Accounts;
using Majster.Core.Data;
using Majster.Core.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Majster.Core.Offers;

/// <summary>
/// The people's side of the state machine (DESIGN §2): create, schedule/reschedule, cancel, send now, retry.
/// Each action checks ownership (another owner's row is not found), status and the worker's lease, and appends
/// one <c>offer_send_events</c> row. The row is read <c>FOR UPDATE</c>, so the claim (which skips locked rows)
/// and a person never change it at the same time. Expected failures come back as an <see cref="Outcome{T}"/>.
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

        var send = new OfferSend
        {
            OfferId = offer.Id,
            UserId = offer.UserId,
            ClientEmail = input.ClientEmail ?? offer.ClientEmail,
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

        send.Events.Add(Event(actor, OfferSendActions.Create, send, null, null, now));
        db.OfferSends.Add(send);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<OfferSend>.Ok(send);
    }

    /// <summary>pending → scheduled (schedule) or scheduled → scheduled (reschedule); resets the retry fields.</summary>
    public Task<Outcome<OfferSend>> ScheduleAsync(Actor actor, Guid id, DateTimeOffset scheduledFor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (ScheduleWindow.Check(scheduledFor, now, scheduler.Value.MaxScheduleAhead) is { } timeError)
        {
            return Task.FromResult(Outcome<OfferSend>.Invalid(timeError));
        }

        return ChangeAsync(actor, id, now, cancellationToken, send =>
        {
            if (send.Status is not (OfferSendStatus.Pending or OfferSendStatus.Scheduled))
            {
                return WrongStatus(send, "scheduled", "pending or scheduled");
            }

            var action = send.Status == OfferSendStatus.Pending ? OfferSendActions.Schedule : OfferSendActions.Reschedule;
            MakeDue(send, scheduledFor.ToUniversalTime());
            return action;
        });
    }

    /// <summary>scheduled → pending, with no time.</summary>
    public Task<Outcome<OfferSend>> CancelAsync(Actor actor, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, clock.GetUtcNow(), cancellationToken, send =>
        {
            if (send.Status != OfferSendStatus.Scheduled)
            {
                return WrongStatus(send, "cancelled", "scheduled");
            }

            send.Status = OfferSendStatus.Pending;
            send.ScheduledFor = null;
            return OfferSendActions.Cancel;
        });

    /// <summary>pending|scheduled → scheduled and due now.</summary>
    public Task<Outcome<OfferSend>> SendNowAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return ChangeAsync(actor, id, now, cancellationToken, send =>
        {
            if (send.Status is not (OfferSendStatus.Pending or OfferSendStatus.Scheduled))
            {
                return WrongStatus(send, "sent now", "pending or scheduled");
            }

            MakeDue(send, now);
            return OfferSendActions.SendNow;
        });
    }

    /// <summary>
    /// failed → scheduled and due now, with a fresh retry budget. The last error message is kept (it is what failed
    /// before; the engine overwrites or clears it at the next attempt), and so is the attempts history.
    /// </summary>
    public Task<Outcome<OfferSend>> RetryAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return ChangeAsync(actor, id, now, cancellationToken, send =>
        {
            if (send.Status != OfferSendStatus.Failed)
            {
                return WrongStatus(send, "retried", "failed");
            }

            MakeDue(send, now);
            return OfferSendActions.Retry;
        });
    }

    /// <summary>
    /// Loads the row for update, checks it is the actor's and not leased, lets <paramref name="change"/> move it
    /// (returning the audit action, or an outcome that stops here), re-validates its content and records the event.
    /// </summary>
    private async Task<Outcome<OfferSend>> ChangeAsync(
        Actor actor, Guid id, DateTimeOffset now, CancellationToken cancellationToken, Func<OfferSend, ChangeResult> change)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var send = await db.OfferSends
            .FromSql($"SELECT * FROM offer_sends WHERE id = {id} FOR UPDATE")
            .FirstOrDefaultAsync(cancellationToken);
        if (send is null || !actor.CanSee(send.UserId))
        {
            return Outcome<OfferSend>.NotFound($"Offer send {id} was not found.");
        }

        if (send.IsLeasedAt(now))
        {
            return Outcome<OfferSend>.Conflict("The offer send is being processed right now; try again in a minute.");
        }

        var statusBefore = send.Status;
        var scheduledBefore = send.ScheduledFor;
        var result = change(send);
        if (result.Stop is { } stop)
        {
            return stop;
        }

        if (send.Status == OfferSendStatus.Scheduled && CheckContent(send) is { } error)
        {
            return Outcome<OfferSend>.Invalid(error);
        }

        send.UpdatedAt = now;
        db.OfferSendEvents.Add(Event(actor, result.Action!, send, statusBefore, scheduledBefore, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<OfferSend>.Ok(send);
    }

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
    private static string? CheckContent(OfferSend send) => OfferInputRules.First(
        OfferInputRules.CheckEmail("clientEmail", send.ClientEmail),
        OfferInputRules.CheckHeaderText("clientName", send.ClientName, OfferInputRules.MaxNameLength, required: false),
        OfferInputRules.CheckHeaderText("subject", send.Subject, OfferInputRules.MaxSubjectLength),
        OfferInputRules.CheckMessage("message", send.Message),
        OfferInputRules.CheckUrl("pdfUrl", send.PdfUrl));

    private static ChangeResult WrongStatus(OfferSend send, string verb, string allowed) =>
        Outcome<OfferSend>.Conflict($"An offer send that is {send.Status.ToText()} cannot be {verb}; it must be {allowed}.");

    private static string DefaultSubject(Offer offer) =>
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

    /// <summary>Either the audit action of a change that was made, or the outcome that refused it.</summary>
    private readonly record struct ChangeResult(string? Action, Outcome<OfferSend>? Stop)
    {
        public static implicit operator ChangeResult(string action) => new(action, null);
        public static implicit operator ChangeResult(Outcome<OfferSend> stop) => new(null, stop);
    }
}
