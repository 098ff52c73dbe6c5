using Majster.Admin.Ui;
using Majster.Core.Offers;
using MudBlazor;

namespace Majster.Admin.Components.Pages.OfferSends;

/// <summary>
/// What the offer-send grid shows, held in its address (<see cref="OfferSendListParameters"/>: filter, sort, page) and
/// in the person's zone: the query it reads, the address of another page or sort, and whether a page read by a live
/// refresh differs from the one on screen.
/// </summary>
public sealed record OfferSendsGridState(OfferSendListParameters Parameters, TimeZoneInfo Zone)
{
    public const int RowsPerPage = 20;

    /// <summary>A sortable column's property path, as MudBlazor names its sort, and the list's sort.</summary>
    private static readonly (string Column, OfferSendSort Sort)[] Columns =
    [
        ("Send.ClientEmail", OfferSendSort.ClientEmail),
        ("Send.Subject", OfferSendSort.Subject),
        ("Send.Status", OfferSendSort.Status),
        ("Send.ScheduledFor", OfferSendSort.ScheduledFor),
    ];

    /// <summary>The grid's page index (from 0).</summary>
    public int PageIndex => Parameters.Page - 1;

    /// <summary>The query of the page on screen.</summary>
    public OfferSendListQuery Query => Parameters.ToQuery(Zone, RowsPerPage);

    /// <summary>The grid's address.</summary>
    public string Address => "/offer-sends" + Parameters.ToQueryString();

    /// <summary>The direction a column starts sorted in: the address's sort, when it names that column.</summary>
    public SortDirection InitialDirection(string column) =>
        Columns.Any(c => c.Column == column && c.Sort == Parameters.SortBy)
            ? Parameters.Descending ? SortDirection.Descending : SortDirection.Ascending
            : SortDirection.None;

    /// <summary>The same filter at the page and sort the grid moved to.</summary>
    public OfferSendsGridState At(int pageIndex, SortDefinition<OfferSendListItem>? sort) => this with
    {
        Parameters = Parameters with
        {
            Page = pageIndex + 1,
            SortBy = Columns.FirstOrDefault(c => c.Column == sort?.SortBy).Sort,
            Descending = sort?.Descending ?? true,
        },
    };

    /// <summary>The same sends, each unwritten since (its version), under the same offer titles, and the same total.</summary>
    public static bool SameRows(OfferSendPage read, OfferSendPage shown) =>
        read.Total == shown.Total && read.Items.Count == shown.Items.Count
        && read.Items.Zip(shown.Items).All(p => p.First.Send.Id == p.Second.Send.Id && p.First.Send.Version == p.Second.Send.Version
            && p.First.OfferTitle == p.Second.OfferTitle && p.First.Cancelled == p.Second.Cancelled);
}
