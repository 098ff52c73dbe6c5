using Majster.Core.Data;
using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore;

namespace Majster.Core.Scheduling;

/// <summary>
/// Pauses and resumes all sending, for every instance on the database (<see cref="SendingState"/>). While paused the
/// engine claims nothing; sends wait as <c>scheduled</c> and no retry is charged. A resume wakes every instance's
/// waker, which then sends what waits in due order, within the limits.
/// </summary>
public sealed class SendingPause(IDbContextFactory<MajsterDbContext> contexts, SendGate gate, TimeProvider clock)
{
    /// <summary>The longest reason kept.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>
    /// A reason is shown in a banner to every user: at most <see cref="MaxReasonLength"/> characters, with no control
    /// character or text-direction override, as other text fields.
    /// </summary>
    public static RuleBreach? CheckReason(string? reason) =>
        OfferInputRules.CheckHeaderText("reason", reason, MaxReasonLength, required: false);

    /// <summary>The state as stored now.</summary>
    public async Task<SendingState> GetAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SendingState.AsNoTracking().SingleAsync(s => s.Id == SendingState.OnlyId, cancellationToken);
    }

    /// <summary>
    /// Pauses all sending until <paramref name="until"/> (null: until resumed). Pausing again replaces the reason, the
    /// end and who paused, and keeps when the pause began. A send already handed to a worker still goes out.
    /// </summary>
    public async Task<SendingState> PauseAsync(string? reason, DateTimeOffset? until, string pausedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pausedBy);
        if (CheckReason(reason) is { } invalid)
        {
            throw new ArgumentException(invalid.Message, nameof(reason));
        }

        var now = clock.GetUtcNow();
        var end = until?.ToUniversalTime();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SendingState.Where(s => s.Id == SendingState.OnlyId).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.PausedAt, s => s.Paused && (s.PauseUntil == null || s.PauseUntil > now) ? s.PausedAt : now)
            .SetProperty(s => s.Paused, true)
            .SetProperty(s => s.PausedBy, pausedBy)
            .SetProperty(s => s.Reason, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim())
            .SetProperty(s => s.PauseUntil, end)
            .SetProperty(s => s.UpdatedAt, now), cancellationToken);
        await NotifyPagesAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        gate.WroteState();
        return await db.SendingState.AsNoTracking().SingleAsync(s => s.Id == SendingState.OnlyId, cancellationToken);
    }

    /// <summary>Open pages on every instance refresh (their banner and the waiting sends' words).</summary>
    private static Task NotifyPagesAsync(MajsterDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({SchemaNames.ChangedChannel}, '')", cancellationToken);

    /// <summary>Ends the pause, if any, and wakes every instance's waker.</summary>
    public async Task<SendingState> ResumeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SendingState.Where(s => s.Id == SendingState.OnlyId).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.Paused, false)
            .SetProperty(s => s.PausedAt, (DateTimeOffset?)null)
            .SetProperty(s => s.PausedBy, (string?)null)
            .SetProperty(s => s.Reason, (string?)null)
            .SetProperty(s => s.PauseUntil, (DateTimeOffset?)null)
            .SetProperty(s => s.UpdatedAt, now), cancellationToken);
        // An empty payload means "something may be due now" to every waker listening.
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({DueNotifications.Channel}, '')", cancellationToken);
        await NotifyPagesAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        gate.WroteState();
        return await db.SendingState.AsNoTracking().SingleAsync(s => s.Id == SendingState.OnlyId, cancellationToken);
    }
}
