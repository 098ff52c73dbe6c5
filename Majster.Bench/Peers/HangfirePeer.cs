using System.Diagnostics;
using Hangfire;
using Hangfire.PostgreSql;
using Majster.Bench.Infrastructure;
using Majster.Core.Email;
using Majster.Core.Offers;
using Npgsql;

namespace Majster.Bench.Peers;

/// <summary>How the Hangfire peer is configured.</summary>
internal sealed record HangfireVariant(string Name, PostgreSqlStorageOptions Storage, BackgroundJobServerOptions Server)
{
    /// <summary>Hangfire.PostgreSql's and Hangfire's defaults (15 s schedule polling, 15 s queue polling, 5 workers per core up to 20).</summary>
    public static HangfireVariant Defaults(string schema) => new("hangfire-default",
        new PostgreSqlStorageOptions { SchemaName = schema, PrepareSchemaIfNecessary = false },
        new BackgroundJobServerOptions());

    /// <summary>Tuned: LISTEN/NOTIFY queue (long polling), 100 ms schedule polling, 20 workers.</summary>
    public static HangfireVariant Tuned(string schema) => new("hangfire-tuned",
        new PostgreSqlStorageOptions
        {
            SchemaName = schema, PrepareSchemaIfNecessary = false, EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromMilliseconds(100),
        },
        new BackgroundJobServerOptions { WorkerCount = 20, SchedulePollingInterval = TimeSpan.FromMilliseconds(100) });
}

/// <summary>
/// Hangfire delayed jobs doing the same sends: one <see cref="IBackgroundJobClient"/> Schedule per send, at its due
/// instant; the job loads the row, sends it through the same <see cref="IOfferEmailSender"/>, and marks it sent.
/// </summary>
internal static class HangfirePeer
{
    /// <summary>Schedules one job per row at <paramref name="dueAt"/>(row) and waits until every row is sent (or the deadline).</summary>
    public static async Task<(TimeSpan Elapsed, long Sent)> RunAsync(
        BenchDatabase db, HangfireVariant variant, IOfferEmailSender sender, IReadOnlyList<Guid> ids, Func<Guid, DateTimeOffset> dueAt,
        TimeProvider clock, TimeSpan deadline, CancellationToken ct)
    {
        var storage = new PostgreSqlStorage(new BenchConnectionFactory(db.DataSource), variant.Storage);
        var job = new HangfireSendJob(db, sender, clock);
        var serverOptions = variant.Server;
        serverOptions.Activator = new SingleJobActivator(job);
        using var server = new BackgroundJobServer(serverOptions, storage);
        var client = new BackgroundJobClient(storage);

        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, (id, _) =>
        {
            client.Schedule<HangfireSendJob>(j => j.SendAsync(id), dueAt(id));
            return ValueTask.CompletedTask;
        });

        var sent = await WaitUntilSentAsync(db, ids, deadline - stopwatch.Elapsed, ct);
        var elapsed = stopwatch.Elapsed;
        server.SendStop();
        return (elapsed, sent);
    }

    /// <summary>
    /// Polls (every 100 ms, or <paramref name="every"/>) until every row in <paramref name="ids"/> is sent or
    /// <paramref name="timeout"/> passes. Each poll looks up every id: a caller that times the run by the rows'
    /// <c>processed_at</c> rather than by this wait polls less often, so the poll takes less from what it measures.
    /// </summary>
    public static async Task<long> WaitUntilSentAsync(
        BenchDatabase db, IReadOnlyList<Guid> ids, TimeSpan timeout, CancellationToken ct, TimeSpan? every = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
        using var timer = new PeriodicTimer(every ?? TimeSpan.FromMilliseconds(100));
        long sent;
        while ((sent = await BenchData.CountSentAsync(db, ids, ct)) < ids.Count)
        {
            try
            {
                await timer.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                break;
            }
        }

        return sent;
    }

    private sealed class BenchConnectionFactory(NpgsqlDataSource dataSource) : IConnectionFactory
    {
        public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
    }

    private sealed class SingleJobActivator(HangfireSendJob job) : JobActivator
    {
        public override object ActivateJob(Type jobType) => job;
    }
}

/// <summary>The Hangfire job: load one send, deliver it, mark it sent.</summary>
public sealed class HangfireSendJob
{
    private readonly BenchDatabase _db;
    private readonly IOfferEmailSender _sender;
    private readonly TimeProvider _clock;

    internal HangfireSendJob(BenchDatabase db, IOfferEmailSender sender, TimeProvider clock)
    {
        _db = db;
        _sender = sender;
        _clock = clock;
    }

    public async Task SendAsync(Guid offerSendId)
    {
        OfferEmail email;
        await using (var load = _db.DataSource.CreateCommand("""
            SELECT s.client_email, s.client_name, s.subject, s.message, s.pdf_url, f.title, f.total_amount, f.currency, f.language,
                   u.reply_name, coalesce(u.reply_address, u.email), u.company_name
            FROM offer_sends s JOIN offers f ON f.id = s.offer_id JOIN users u ON u.id = s.user_id WHERE s.id = @id
            """))
        {
            load.Parameters.Add(new NpgsqlParameter<Guid>("id", offerSendId));
            await using var reader = await load.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return;
            }

            email = new OfferEmail(offerSendId, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5),
                reader.GetDecimal(6), reader.GetString(7).Trim(), reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11));
        }

        var result = await _sender.SendAsync(email, CancellationToken.None);
        if (result.Outcome != AttemptOutcome.Sent)
        {
            throw new InvalidOperationException($"Send failed: {result.Error}");
        }

        await _db.ExecuteAsync("UPDATE offer_sends SET status = 'sent', processed_at = @now, updated_at = @now WHERE id = @id",
            CancellationToken.None, new NpgsqlParameter<DateTimeOffset>("now", _clock.GetUtcNow()), new NpgsqlParameter<Guid>("id", offerSendId));
    }
}
