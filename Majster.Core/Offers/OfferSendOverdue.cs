using System.Linq.Expressions;

namespace Majster.Core.Offers;

/// <summary>
/// Overdue: scheduled, and its time has passed — the engine is behind on it. The one definition behind the grid's
/// filter and mark, the dashboard's count and the queue's gauge.
/// </summary>
public static class OfferSendOverdue
{
    private static readonly Expression<Func<OfferSend, DateTimeOffset, bool>> Rule =
        (send, now) => send.Status == OfferSendStatus.Scheduled && send.ScheduledFor < now;

    private static readonly Func<OfferSend, DateTimeOffset, bool> Test = Rule.Compile();

    /// <summary>
    /// The rule in SQL over <c>offer_sends</c>, with the instant as <c>@now</c>, for the counts that read the table
    /// directly; a test checks that it selects the rows <see cref="At"/> selects.
    /// </summary>
    public const string Sql = $"status = '{OfferSendStatusText.Scheduled}' AND scheduled_for < @now";

    /// <summary>Whether <paramref name="send"/> is overdue at <paramref name="now"/>.</summary>
    public static bool IsOverdueAt(this OfferSend send, DateTimeOffset now) => Test(send, now);

    /// <summary>The rule as a filter EF translates, with <paramref name="now"/> sent as a query parameter.</summary>
    public static Expression<Func<OfferSend, bool>> At(DateTimeOffset now)
    {
        // A property of an object, as a captured variable is: EF sends it as a parameter, not as a literal.
        var instant = Expression.Property(Expression.Constant(new Instant(now)), nameof(Instant.Value));
        return Expression.Lambda<Func<OfferSend, bool>>(new Substitution(Rule.Parameters[1], instant).Visit(Rule.Body), Rule.Parameters[0]);
    }

    private sealed record Instant(DateTimeOffset Value);

    private sealed class Substitution(ParameterExpression parameter, Expression value) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? value : node;
    }
}
