using System.Globalization;

namespace Majster.Admin.Api;

/// <summary><c>page</c> (from 1) and <c>pageSize</c> (1 to 100, default 20) from a query string, parsed by hand for clean 400s.</summary>
internal readonly record struct PageQuery(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int MaxPage = 1_000_000;

    public int Skip => (Page - 1) * PageSize;

    public static bool TryParse(string? page, string? pageSize, out PageQuery query, out string? error)
    {
        query = new PageQuery(1, DefaultPageSize);
        error = null;
        var pageNumber = 1;
        var size = DefaultPageSize;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 1 || pageNumber > MaxPage))
        {
            error = "page must be a whole number from 1.";
            return false;
        }

        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > MaxPageSize))
        {
            error = $"pageSize must be a whole number from 1 to {MaxPageSize}.";
            return false;
        }

        query = new PageQuery(pageNumber, size);
        return true;
    }
}
