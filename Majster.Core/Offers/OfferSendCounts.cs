namespace Majster.Core.Offers;

/// <summary>
/// Every read of <c>offer_send_counts</c> (made by the migrations): signed deltas that triggers on
/// <c>offer_sends</c> append in each writer's transaction, so that their sums are exactly what counting the rows would
/// give without reading them, and a dashboard's read costs the same however many rows there are
/// (docs/benchmarks.md, scale). Kept per owner, so that an admin's figures (every send's) and a staff member's (their
/// own) are one statement each, read with or without the owner's filter. Read by the dashboard and
/// <c>/api/metrics</c> (<see cref="OfferSendMetrics"/>), the queue gauges and the grid's total.
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
            RETURNING user_id, status, error_message, failure, sends, retries)
        INSERT INTO offer_send_counts (user_id, status, error_message, failure, sends, retries)
        SELECT user_id, status, error_message, failure, sum(sends), sum(retries) FROM folded
        GROUP BY user_id, status, error_message, failure
        HAVING sum(sends) <> 0 OR sum(retries) <> 0
        """;

    /// <summary>count(*) by status and sum(retry_count) of sent rows, as sums of the deltas: every send's.</summary>
    public const string TotalsSql = TotalsOfSql;

    /// <summary>The same over one owner's sends (<c>@user</c>).</summary>
    public const string OwnTotalsSql = TotalsOfSql + " WHERE " + OwnSql;

    /// <summary>Rows in <c>scheduled</c>, for the queue gauge.</summary>
    public const string ScheduledSql = "SELECT coalesce(sum(sends), 0)::bigint FROM offer_send_counts WHERE status = 'scheduled'";

    /// <summary>
    /// The top errors: messages of rows that were retried or failed (offer_send_counted_error), most frequent first,
    /// ties by message: every send's.
    /// </summary>
    public const string ErrorsSql = ErrorsOfSql + " " + TopErrorsSql;

    /// <summary>The same over one owner's sends (<c>@user</c>).</summary>
    public const string OwnErrorsSql = ErrorsOfSql + " AND " + OwnSql + " " + TopErrorsSql;

    /// <summary>The counted errors' kinds (<see cref="FailureReason.Code"/>) and how many rows have each: every send's.</summary>
    public const string FailuresSql = FailuresOfSql + " " + ByFailureSql;

    /// <summary>The same over one owner's sends (<c>@user</c>).</summary>
    public const string OwnFailuresSql = FailuresOfSql + " AND " + OwnSql + " " + ByFailureSql;

    private const string OwnSql = "user_id = @user";

    private const string TotalsOfSql = """
        SELECT coalesce(sum(sends) FILTER (WHERE status = 'scheduled'), 0)::int AS scheduled,
               coalesce(sum(sends) FILTER (WHERE status = 'failed'), 0)::int AS failed,
               coalesce(sum(sends) FILTER (WHERE status = 'sent'), 0)::int AS sent,
               coalesce(sum(retries) FILTER (WHERE status = 'sent'), 0)::bigint AS sent_retries
        FROM offer_send_counts
        """;

    private const string ErrorsOfSql = """
        SELECT error_message, sum(sends)::int AS count
        FROM offer_send_counts
        WHERE error_message IS NOT NULL
        """;

    private const string TopErrorsSql = """
        GROUP BY error_message
        HAVING sum(sends) > 0
        ORDER BY count DESC, error_message
        LIMIT @top
        """;

    private const string FailuresOfSql = """
        SELECT failure, sum(sends)::int AS count
        FROM offer_send_counts
        WHERE failure IS NOT NULL
        """;

    private const string ByFailureSql = """
        GROUP BY failure
        HAVING sum(sends) > 0
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
