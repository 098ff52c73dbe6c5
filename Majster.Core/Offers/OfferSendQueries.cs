using Majster.Core.Accounts;
using Majster.Core.Data;
using Majster.Core.Email;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Majster.Core.Offers;

/// <summary>Which columns the list can be sorted by.</summary>
public enum OfferSendSort
{
    CreatedAt,
    ScheduledFor,
    Status,
    ClientEmail,
    Subject,
}

/// <summary>A page of the offer-send list: filters, sort and window.</summary>
public sealed record OfferSendListQuery
{
    public IReadOnlyCollection<OfferSendStatus> Statuses { get; init; } = [];
    public string? Search { get; init; }
    public DateTimeOffset? ScheduledFrom { get; init; }
    public DateTimeOffset? ScheduledTo { get; init; }

    /// <summary>Only overdue rows (<see cref="OfferSendOverdue"/>).</summary>
    public bool OverdueOnly { get; init; }

    /// <summary>Only this person's sends: an admin's filter by person (staff see only their own anyway).</summary>
    public Guid? OwnerId { get; init; }

    /// <summary>Only sends whose delivery (what came back for them, <see cref="Inbound.OfferSendDelivery"/>) is this outcome.</summary>
    public Inbound.InboundOutcome? Delivery { get; init; }

    /// <summary>No filter at all: every send the person may see.</summary>
    public bool IsUnfiltered =>
        Statuses.Count == 0 && string.IsNullOrWhiteSpace(Search) && ScheduledFrom is null && ScheduledTo is null && !OverdueOnly
        && OwnerId is null && Delivery is null;

    public OfferSendSort SortBy { get; init; } = OfferSendSort.CreatedAt;
    public bool Descending { get; init; } = true;
    public int Skip { get; init; }
    public int Take { get; init; } = 20;
}

/// <summary>
/// One row of the list, with the offer's title. Two items are the same row when they hold the same send, whatever its
/// fields now: the UI's grid keys its rows by item, and so updates a reloaded row in place instead of drawing it anew.
/// </summary>
public sealed record OfferSendListItem(OfferSend Send, string OfferTitle)
{
    /// <summary>A pending send a person cancelled (<see cref="OfferSendStatusName"/>).</summary>
    public bool Cancelled { get; init; }

    /// <summary>What the send is called (<see cref="OfferSendStatusName"/>).</summary>
    public string StatusName => OfferSendStatusName.Of(Send.Status, Cancelled);

    public bool Equals(OfferSendListItem? other) => other is not null && other.Send.Id == Send.Id;

    public override int GetHashCode() => Send.Id.GetHashCode();
}

public sealed record OfferSendPage(IReadOnlyList<OfferSendListItem> Items, int Total);

/// <summary>Reads offer sends as a person may see them (their own; an admin all), for the API and the UI alike.</summary>
public sealed class OfferSendQueries(IDbContextFactory<MajsterDbContext> contexts, TimeProvider clock)
{
    public const int MaxSearchLength = 200;
    public const int MaxPageSize = 100;

    /// <summary>An export of a million rows streams for tens of seconds; a page's default timeout would cut it.</summary>
    private static readonly TimeSpan ExportCommandTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Up to this many matches of a search are read once (ids only) and paged from; more are counted.</summary>
    private const int SearchMatchesReadOnce = 5_000;

    public async Task<OfferSendPage> ListAsync(Actor actor, OfferSendListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await FilteredAsync(db, actor, query, cancellationToken);

        int total;
        if (actor.IsAdmin && FiltersOnlyByStatus(query))
        {
            total = await CountedAsync(db, query.Statuses, cancellationToken);
        }
        else if (!string.IsNullOrWhiteSpace(query.Search)
                 && await rows.Select(s => s.Id).Take(SearchMatchesReadOnce + 1).ToListAsync(cancellationToken) is { Count: <= SearchMatchesReadOnce } matches)
        {
            // A search's matches are read once, and the page taken from them by key: the count and the page would
            // each walk the trigram index again.
            total = matches.Count;
            rows = db.OfferSends.AsNoTracking().Where(s => matches.Contains(s.Id));
        }
        else
        {
            total = await rows.CountAsync(cancellationToken);
        }
        var items = await Sort(rows.Include(s => s.Delivery), query.SortBy, query.Descending).ThenBy(s => s.Id)
            .Skip(query.Skip).Take(Math.Clamp(query.Take, 1, MaxPageSize))
            .Select(Item)
            .ToListAsync(cancellationToken);
        return new OfferSendPage(items, total);
    }

    /// <summary>
    /// Every send <paramref name="query"/>'s filters match, in its order, read as they stream from the database (its
    /// window is ignored): what an export writes, in memory bounded by one row.
    /// </summary>
    public async IAsyncEnumerable<OfferSendListItem> StreamAsync(
        Actor actor, OfferSendListQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(ExportCommandTimeout);
        var rows = await FilteredAsync(db, actor, query, cancellationToken);
        await foreach (var item in Sort(rows, query.SortBy, query.Descending).ThenBy(s => s.Id).Select(Item)
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>
    /// How many sends <paramref name="query"/>'s filters match on each day of <paramref name="zone"/> from
    /// <paramref name="query"/>'s ScheduledFrom to its ScheduledTo, by status name: the calendar's figures, which a list
    /// of one of those days with the same filter totals.
    /// </summary>
    public async Task<IReadOnlyDictionary<DateOnly, IReadOnlyDictionary<string, int>>> CountByDayAsync(
        Actor actor, OfferSendListQuery query, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(zone);
        if (query.ScheduledFrom is null || query.ScheduledTo is null)
        {
            throw new ArgumentException("A calendar counts between two instants.", nameof(query));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await FilteredAsync(db, actor, query, cancellationToken);
        // Each send's instant and status streams once and is folded into the person's day here, where the zone's rules
        // (a day of 23 or 25 hours) are the runtime's.
        var days = new Dictionary<DateOnly, Dictionary<string, int>>();
        await foreach (var row in rows.Select(s => new { s.Status, s.ScheduledFor }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(row.ScheduledFor!.Value, zone).DateTime);
            var counts = days.TryGetValue(day, out var found) ? found : days[day] = [];
            var name = row.Status.ToText();
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        return days.ToDictionary(d => d.Key, d => (IReadOnlyDictionary<string, int>)d.Value);
    }

    /// <summary>A row with its offer's title and whether a person cancelled it (an index lookup into its events).</summary>
    private static readonly Expression<Func<OfferSend, OfferSendListItem>> Item = s => new OfferSendListItem(s, s.Offer!.Title)
    {
        Cancelled = s.Status == OfferSendStatus.Pending && s.Events.Any(e => e.Action == OfferSendActions.Cancel),
    };

    /// <summary>How far back a send of the same offer to the same address makes a new one a likely duplicate.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromDays(7);

    /// <summary>
    /// The latest send <paramref name="actor"/> may see of <paramref name="offerId"/> to <paramref name="clientEmail"/>
    /// (any case) that was sent in the last <see cref="DuplicateWindow"/> or is scheduled for a time since then; null when
    /// there is none. A new send like it is most likely a mistake, which the UI asks about.
    /// </summary>
    public async Task<OfferSend?> RecentDuplicateAsync(Actor actor, Guid offerId, string clientEmail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clientEmail);
        var since = clock.GetUtcNow() - DuplicateWindow;
        var address = clientEmail.Trim().ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.OfferSends.AsNoTracking()
            .Where(s => (actor.IsAdmin || s.UserId == actor.UserId) && s.OfferId == offerId && s.ClientEmail.ToLower() == address
                && ((s.Status == OfferSendStatus.Sent && s.ProcessedAt >= since) || (s.Status == OfferSendStatus.Scheduled && s.ScheduledFor >= since)))
            .OrderByDescending(s => s.ProcessedAt ?? s.ScheduledFor)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// One send with its attempts, and its audit events in the order their changes committed, or null when it does not
    /// exist or is not the actor's. A send's events are numbered while their writer holds the send's row lock (see
    /// OfferSendService and OfferSendQueue), so their ids are that order; their times are each request's clock reading,
    /// which concurrent requests can take in another order than they commit.
    /// </summary>
    public async Task<OfferSend?> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var send = await db.OfferSends.AsNoTracking().AsSplitQuery()
            .Include(s => s.Offer)
            .Include(s => s.Delivery)
            .Include(s => s.Attempts.OrderBy(a => a.AttemptNumber).ThenBy(a => a.Id))
            .Include(s => s.Events.OrderBy(e => e.Id))
            .FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return send is not null && actor.CanSee(send.UserId) ? send : null;
    }

    /// <summary>
    /// The e-mail the engine sends for <paramref name="send"/> (loaded with its offer): with the Reply-To of its owner,
    /// their reply address or else their account e-mail, and their company, as the claim reads them.
    /// </summary>
    public async Task<OfferEmail> EmailAsync(OfferSend send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        var offer = send.Offer ?? throw new ArgumentException("The send must be loaded with its offer.", nameof(send));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == send.UserId)
            .Select(u => new { u.ReplyName, Address = u.ReplyAddress ?? u.Email, u.CompanyName })
            .FirstOrDefaultAsync(cancellationToken);
        return new OfferEmail(
            send.Id, send.ClientEmail, send.ClientName, send.Subject, send.Message, send.PdfUrl,
            offer.Title, offer.TotalAmount, offer.Currency.Trim(), offer.Language, owner?.ReplyName, owner?.Address,
            owner?.CompanyName);
    }

    /// <summary>
    /// The sends <paramref name="actor"/> may see that match <paramref name="query"/>'s filters (not its sort or window):
    /// the one definition of the filter that the list, the export and the calendar read through.
    /// </summary>
    private async Task<IQueryable<OfferSend>> FilteredAsync(
        MajsterDbContext db, Actor actor, OfferSendListQuery query, CancellationToken cancellationToken)
    {
        var rows = db.OfferSends.AsNoTracking().Where(s => actor.IsAdmin || s.UserId == actor.UserId);
        if (query.OwnerId is { } owner)
        {
            rows = rows.Where(s => s.UserId == owner);
        }

        if (query.Statuses.Count == 1)
        {
            // Equality, not IN: only then can PostgreSQL walk (user_id | status, created_at) newest first and stop
            // after a page; with IN it filters a scan of all the person's rows, all of them when none match.
            var status = query.Statuses.Single();
            rows = rows.Where(s => s.Status == status);
        }
        else if (query.Statuses.Count > 1)
        {
            var statuses = query.Statuses.ToList();
            rows = rows.Where(s => statuses.Contains(s.Status));
        }

        if (query.OverdueOnly)
        {
            rows = rows.Where(OfferSendOverdue.At(clock.GetUtcNow()));
        }

        if (query.Delivery is { } delivery)
        {
            rows = rows.Where(s => s.Delivery != null && s.Delivery.Outcome == delivery);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // Without accents or case on both sides, through the expressions the trigram indexes are built on. The
            // offers' titles are matched first, so that the sends' condition is an OR of two indexable ones (a join
            // inside the OR could use neither index).
            var pattern = "%" + EscapeLike(query.Search.Trim()) + "%";
            var offerIds = await db.Offers.AsNoTracking()
                .Where(o => (actor.IsAdmin || o.UserId == actor.UserId) && EF.Functions.ILike(SearchText.Unaccent(o.Title), SearchText.Unaccent(pattern), "\\"))
                .Select(o => o.Id)
                .ToListAsync(cancellationToken);
            rows = rows.Where(s => EF.Functions.ILike(SearchText.OfferSend(s.ClientEmail, s.ClientName, s.Subject), SearchText.Unaccent(pattern), "\\")
                || offerIds.Contains(s.OfferId));
        }

        if (query.ScheduledFrom is { } from)
        {
            rows = rows.Where(s => s.ScheduledFor >= from);
        }

        if (query.ScheduledTo is { } to)
        {
            rows = rows.Where(s => s.ScheduledFor < to);
        }

        return rows;
    }

    private static bool FiltersOnlyByStatus(OfferSendListQuery query) =>
        string.IsNullOrWhiteSpace(query.Search) && query.ScheduledFrom is null && query.ScheduledTo is null && !query.OverdueOnly
        && query.OwnerId is null && query.Delivery is null;

    /// <summary>An admin's unfiltered (or status-only) total, without counting up to every row of the table.</summary>
    private static Task<int> CountedAsync(MajsterDbContext db, IReadOnlyCollection<OfferSendStatus> statuses, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<int>(OfferSendCounts.TotalOf(statuses)).SingleAsync(cancellationToken);

    private static IOrderedQueryable<OfferSend> Sort(IQueryable<OfferSend> rows, OfferSendSort by, bool descending) => by switch
    {
        OfferSendSort.ScheduledFor => descending ? rows.OrderByDescending(s => s.ScheduledFor) : rows.OrderBy(s => s.ScheduledFor),
        OfferSendSort.Status => descending ? rows.OrderByDescending(s => s.Status) : rows.OrderBy(s => s.Status),
        OfferSendSort.ClientEmail => descending ? rows.OrderByDescending(s => s.ClientEmail) : rows.OrderBy(s => s.ClientEmail),
        OfferSendSort.Subject => descending ? rows.OrderByDescending(s => s.Subject) : rows.OrderBy(s => s.Subject),
        _ => descending ? rows.OrderByDescending(s => s.CreatedAt) : rows.OrderBy(s => s.CreatedAt),
    };

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
