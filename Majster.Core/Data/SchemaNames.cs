namespace Majster.Core.Data;

/// <summary>
/// Names the code shares with what the <c>InitialSchema</c> migration makes beyond EF's model (its SQL is written out
/// in the migration; a test checks that the two agree).
/// </summary>
public static class SchemaNames
{
    /// <summary>The indexes on expressions EF's model cannot describe.</summary>
    public static readonly string[] ExpressionIndexes = ["idx_offer_sends_search", "idx_offers_title_search"];

    /// <summary>Notified (no payload) by every statement that inserts, updates or deletes offer sends.</summary>
    public const string ChangedChannel = "offer_sends_changed";
}
