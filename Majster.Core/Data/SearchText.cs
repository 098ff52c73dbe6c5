using Microsoft.EntityFrameworkCore;

namespace Majster.Core.Data;

/// <summary>
/// The database's accent- and case-insensitive search text (made by the <c>InitialSchema</c> migration): the functions
/// its trigram indexes are built on, for queries to name the same expressions so that the indexes serve them.
/// </summary>
public static class SearchText
{
    /// <summary><c>majster_unaccent(text)</c>: the text without diacritics ("Śródmieście" → "Srodmiescie").</summary>
    public static string Unaccent(string text) => throw new InvalidOperationException("Runs in the database only.");

    /// <summary><c>offer_send_search_text(…)</c>: a send's searched columns, one per line, without diacritics.</summary>
    public static string OfferSend(string clientEmail, string? clientName, string subject) =>
        throw new InvalidOperationException("Runs in the database only.");

    internal static void Map(ModelBuilder builder)
    {
        builder.HasPostgresExtension("unaccent").HasPostgresExtension("pg_trgm");
        builder.HasDbFunction(typeof(SearchText).GetMethod(nameof(Unaccent))!).HasName("majster_unaccent");
        builder.HasDbFunction(typeof(SearchText).GetMethod(nameof(OfferSend))!).HasName("offer_send_search_text");
    }
}
