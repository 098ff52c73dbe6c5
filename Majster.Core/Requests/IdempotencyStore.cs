using Majster.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Majster.Core.Requests;

/// <summary>What to do with a request that carries an idempotency key.</summary>
public abstract record IdempotencyClaim
{
    /// <summary>The first with this key: carry it out, then <see cref="IdempotencyStore.CompleteAsync"/> or <see cref="IdempotencyStore.AbandonAsync"/>.</summary>
    public sealed record First : IdempotencyClaim;

    /// <summary>Answered before: give this answer again.</summary>
    public sealed record Answered(StoredResponse Response) : IdempotencyClaim;

    /// <summary>The key was used for another request (422).</summary>
    public sealed record OtherRequest : IdempotencyClaim;

    /// <summary>The first request with this key is still running (409).</summary>
    public sealed record Running : IdempotencyClaim;
}

/// <summary>
/// Idempotency keys in the <c>idempotent_requests</c> table. A key is claimed by inserting its row (one insert wins;
/// a concurrent one waits for it to commit, then sees it), answered by storing the answer in it, and forgotten after
/// <see cref="Lifetime"/>. A claim whose request never finished (its instance stopped) may be taken again after
/// <see cref="AbandonedAfter"/>.
/// </summary>
public sealed class IdempotencyStore(IDbContextFactory<MajsterDbContext> contexts, TimeProvider clock)
{
    public const int MaxKeyLength = 255;

    /// <summary>How long an answer is given again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Longer than any request runs (the API's proxy gives up after 10 s).</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    public async Task<IdempotencyClaim> ClaimAsync(Guid userId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expires = now + Lifetime;
        var abandoned = now - AbandonedAfter;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"""
            DELETE FROM idempotent_requests
            WHERE user_id = {userId} AND key = {key} AND (expires_at <= {now} OR (status_code IS NULL AND created_at < {abandoned}))
            """,
            cancellationToken);
        var inserted = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO idempotent_requests (user_id, key, request_hash, created_at, expires_at)
            VALUES ({userId}, {key}, {requestHash}, {now}, {expires})
            ON CONFLICT (user_id, key) DO NOTHING
            """,
            cancellationToken);
        if (inserted == 1)
        {
            return new IdempotencyClaim.First();
        }

        var stored = await db.IdempotentRequests.AsNoTracking()
            .SingleOrDefaultAsync(r => r.UserId == userId && r.Key == key, cancellationToken);
        return stored switch
        {
            // Forgotten between the insert and this read: the caller may simply try again.
            null => new IdempotencyClaim.Running(),
            _ when stored.RequestHash != requestHash => new IdempotencyClaim.OtherRequest(),
            { StatusCode: { } status } => new IdempotencyClaim.Answered(
                new StoredResponse(status, stored.ContentType, stored.Location, stored.ETag, stored.ResponseBody ?? [])),
            _ => new IdempotencyClaim.Running(),
        };
    }

    /// <summary>Keeps the answer to the claimed key's request.</summary>
    public async Task CompleteAsync(Guid userId, string key, StoredResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.IdempotentRequests.Where(r => r.UserId == userId && r.Key == key)
            .ExecuteUpdateAsync(
                set => set.SetProperty(r => r.StatusCode, response.StatusCode)
                    .SetProperty(r => r.ContentType, response.ContentType)
                    .SetProperty(r => r.Location, response.Location)
                    .SetProperty(r => r.ETag, response.ETag)
                    .SetProperty(r => r.ResponseBody, response.Body),
                cancellationToken);
    }

    /// <summary>Releases a claimed key whose request failed unexpectedly, so that a retry is carried out.</summary>
    public async Task AbandonAsync(Guid userId, string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.IdempotentRequests.Where(r => r.UserId == userId && r.Key == key && r.StatusCode == null)
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Forgets every expired key; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.IdempotentRequests.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }
}
