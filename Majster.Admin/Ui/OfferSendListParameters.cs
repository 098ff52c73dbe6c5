using System.Globalization;
using Majster.Core.Inbound;
using Majster.Core.Offers;

namespace Majster.Admin.Ui;

/// <summary>
/// The offer-send list's filter, sort and page as an address spells them (<c>status</c>, <c>q</c>, <c>from</c>,
/// <c>to</c>, <c>sort</c>, <c>page</c>, <c>overdue</c>, <c>person</c> and <c>delivery</c>): parsed and written the same way for the
/// grid's address, the list API, the export and the calendar's links. <c>from</c> and <c>to</c> are days
/// (<c>yyyy-MM-dd</c>) in the person's time zone, both included; <c>sort</c> is a field, <c>-</c> first for descending.
/// </summary>
public sealed record OfferSendListParameters
{
    public const string DateFormat = "yyyy-MM-dd";
    public const string DefaultSort = "-createdAt";

    private static readonly (string Name, OfferSendSort Sort)[] SortNames =
    [
        ("createdAt", OfferSendSort.CreatedAt),
        ("scheduledFor", OfferSendSort.ScheduledFor),
        ("status", OfferSendSort.Status),
        ("clientEmail", OfferSendSort.ClientEmail),
        ("subject", OfferSendSort.Subject),
    ];

    public IReadOnlyList<OfferSendStatus> Statuses { get; init; } = [];
    public string? Search { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public bool OverdueOnly { get; init; }
    public Guid? Person { get; init; }

    /// <summary>Only sends whose delivery is this outcome (<c>delivery=bounced</c>: the ones that bounced).</summary>
    public InboundOutcome? Delivery { get; init; }

    public OfferSendSort SortBy { get; init; } = OfferSendSort.CreatedAt;
    public bool Descending { get; init; } = true;

    /// <summary>From 1.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Two are equal when they spell the same address (the statuses compared by value, not by list).</summary>
    public bool Equals(OfferSendListParameters? other) => other is not null && ToQueryString() == other.ToQueryString();

    public override int GetHashCode() => ToQueryString().GetHashCode(StringComparison.Ordinal);

    /// <summary>No filter on (sort and page aside).</summary>
    public bool IsUnfiltered => Statuses.Count == 0 && string.IsNullOrWhiteSpace(Search) && From is null && To is null && !OverdueOnly && Person is null
        && Delivery is null;

    /// <summary>The parameters of an address, or a sentence saying which one is wrong.</summary>
    public static bool TryParse(
        string? status, string? q, string? from, string? to, string? sort, string? page, string? overdue, string? person, string? delivery,
        out OfferSendListParameters parameters, out string? error)
    {
        parameters = new();
        error = null;
        var statuses = new List<OfferSendStatus>();
        foreach (var text in (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!OfferSendStatusText.TryParse(text, out var wanted))
            {
                error = "status must be one or more of pending, scheduled, sent, failed, separated by commas.";
                return false;
            }

            if (!statuses.Contains(wanted))
            {
                statuses.Add(wanted);
            }
        }

        if (q is { Length: > OfferSendQueries.MaxSearchLength })
        {
            error = $"q must be at most {OfferSendQueries.MaxSearchLength} characters.";
            return false;
        }

        if (!TryDay(from, out var fromDay) || !TryDay(to, out var toDay))
        {
            error = "from and to must be days written yyyy-MM-dd.";
            return false;
        }

        if (fromDay > toDay)
        {
            error = "from must not be after to.";
            return false;
        }

        var (sortBy, descending) = (OfferSendSort.CreatedAt, true);
        if (!string.IsNullOrEmpty(sort))
        {
            descending = sort.StartsWith('-');
            var name = sort.TrimStart('-');
            var match = SortNames.FirstOrDefault(n => n.Name == name);
            if (match.Name is null)
            {
                error = $"sort must be one of {string.Join(", ", SortNames.Select(n => n.Name))}, with - before it for descending.";
                return false;
            }

            sortBy = match.Sort;
        }

        var pageNumber = 1;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber is < 1 or > MaxPage))
        {
            error = "page must be a whole number from 1.";
            return false;
        }

        if (overdue is not null and not ("true" or "false"))
        {
            error = "overdue must be true or false.";
            return false;
        }

        Guid? personId = null;
        if (person is not null)
        {
            if (!Guid.TryParse(person, out var id))
            {
                error = "person must be a user's id.";
                return false;
            }

            personId = id;
        }

        InboundOutcome? outcome = null;
        if (!string.IsNullOrEmpty(delivery))
        {
            if (!InboundOutcomeText.TryParse(delivery, out var wanted))
            {
                error = $"delivery must be one of {string.Join(", ", Enum.GetValues<InboundOutcome>().Select(o => o.ToText()))}.";
                return false;
            }

            outcome = wanted;
        }

        parameters = new OfferSendListParameters
        {
            Statuses = statuses, Search = string.IsNullOrWhiteSpace(q) ? null : q, From = fromDay, To = toDay,
            OverdueOnly = overdue == "true", Person = personId, Delivery = outcome, SortBy = sortBy, Descending = descending, Page = pageNumber,
        };
        return true;
    }

    /// <summary>The parameters of an address, or the defaults when any is wrong (a hand-edited link shows the whole list).</summary>
    public static OfferSendListParameters ParseOrDefault(
        string? status, string? q, string? from, string? to, string? sort, string? page, string? overdue, string? person, string? delivery) =>
        TryParse(status, q, from, to, sort, page, overdue, person, delivery, out var parameters, out _) ? parameters : new();

    /// <summary>The query for page <see cref="Page"/> of <paramref name="pageSize"/> rows, the days in <paramref name="zone"/>.</summary>
    public OfferSendListQuery ToQuery(TimeZoneInfo zone, int pageSize) => new()
    {
        Statuses = Statuses,
        Search = Search,
        OverdueOnly = OverdueOnly,
        OwnerId = Person,
        Delivery = Delivery,
        ScheduledFrom = From is { } from ? LocalDays.Start(from.ToDateTime(TimeOnly.MinValue), zone) : null,
        ScheduledTo = To is { } to ? LocalDays.Start(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone) : null,
        SortBy = SortBy,
        Descending = Descending,
        Skip = (Page - 1) * pageSize,
        Take = pageSize,
    };

    /// <summary><c>sort</c>'s value: the field, <c>-</c> first for descending.</summary>
    public string SortText => (Descending ? "-" : "") + SortNames.First(n => n.Sort == SortBy).Name;

    /// <summary>The query string (with its <c>?</c>, or empty) holding what differs from the defaults, in a fixed order.</summary>
    public string ToQueryString(bool withPage = true)
    {
        var parts = new List<string>();
        if (Statuses.Count > 0)
        {
            parts.Add("status=" + string.Join(',', Statuses.Select(s => s.ToText())));
        }

        Add("q", Search);
        Add("from", From?.ToString(DateFormat, CultureInfo.InvariantCulture));
        Add("to", To?.ToString(DateFormat, CultureInfo.InvariantCulture));
        Add("overdue", OverdueOnly ? "true" : null);
        Add("person", Person?.ToString());
        Add("delivery", Delivery?.ToText());
        Add("sort", SortText == DefaultSort ? null : SortText);
        Add("page", withPage && Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null);
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);

        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
    }

    private const int MaxPage = 1_000_000;

    private static bool TryDay(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        day = parsed;
        return true;
    }
}
