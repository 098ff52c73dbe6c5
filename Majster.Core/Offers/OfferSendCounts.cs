namespace Majster.Core.Offers;

/// <summary>
/// Every read of <c>offer_send_counts</c> (made by the <c>InitialSchema</c> migration): signed deltas that triggers on
/// <c>offer_sends</c> append in each writer's transaction, so that their sums are exactly what counting the rows would
/// give without reading them, and a dashboard's read costs the same however many rows there are
/// (docs/benchmarks.md, scale). Read by the dashboard and <c>/api/metrics</c> (<see cref="OfferSendMetrics"/>), the
/// queue gauges and the grid's total.
/// </summary>
public static class OfferSendCounts
{
    /// <summary>
    /// Folds the deltas into one row per key, dropping keys that sum to nothing; the sums are unchanged, so a reader
    /// before or after sees the same figures. SKIP LOCKED: two dashboards folding at once never wait on each other;
    /// deltas of writers not yet committed are invisible here and stay for the next fold.
    /// </summary>
    public const string FoldSql = """
        WITH folded AS (
            DELETE FROM offer_send_counts
            WHERE ctid = ANY (ARRAY(SELECT ctid FROM offer_send_counts FOR UPDATE SKIP LOCKED))
            RETURNING status, error_message, sends, retries)
        INSERT INTO offer_send_counts (status, error_message, sends, retries)
        SELECT status, error_message, sum(sends), sum(retries) FROM folded
        GROUP BY status, error_message
        HAVING sum(sends) <> 0 OR sum(retries) <> 0
        """;

    /// <summary>count(*) by status and sum(retry_count) of sent rows, as sums of the deltas.</summary>
    public const string TotalsSql = """
        SELECT coalesce(sum(sends) FILTER (WHERE status = 'scheduled'), 0)::int AS scheduled,
               coalesce(sum(sends) FILTER (WHERE status = 'failed'), 0)::int AS failed,
               coalesce(sum(sends) FILTER (WHERE status = 'sent'), 0)::int AS sent,
               coalesce(sum(retries) FILTER (WHERE status = 'sent'), 0)::bigint AS sent_retries
        FROM offer_send_counts
        """;

    /// <summary>Rows in <c>scheduled</c>, for the queue gauge.</summary>
    public const string ScheduledSql = "SELECT coalesce(sum(sends), 0)::bigint FROM offer_send_counts WHERE status = 'scheduled'";

    /// <summary>
    /// The top errors: messages of rows that were retried or failed (offer_send_counted_error), most frequent first,
    /// ties by message.
    /// </summary>
    public const string ErrorsSql = """
        SELECT error_message, sum(sends)::int AS count
        FROM offer_send_counts
        WHERE error_message IS NOT NULL
        GROUP BY error_message
        HAVING sum(sends) > 0
        ORDER BY count DESC, error_message
        LIMIT @top
        """;

    /// <summary>Rows in any of <paramref name="statuses"/> (all rows when none is given), for the grid's total.</summary>
    public static FormattableString TotalOf(IReadOnlyCollection<OfferSendStatus> statuses)
    {
        var texts = statuses.Select(s => s.ToText()).ToArray();
        return $"""
            SELECT coalesce(sum(sends), 0)::int AS "Value" FROM offer_send_counts
            WHERE cardinality({texts}) = 0 OR status = ANY ({texts})
            """;
    }
}
