using System.Diagnostics;
using Majster.Bench.Infrastructure;
using Majster.Bench.Reporting;
using Majster.Core;
using Majster.Core.Accounts;
using Majster.Core.Data;
using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Majster.Bench.Scenarios;

/// <summary>
/// The CSV export of a big <c>offer_sends</c> (default 1,000,000 rows, the scale scenario's mix), written as
/// <c>GET /api/offer-sends/export</c> writes it (OfferSendQueries.StreamAsync into OfferSendCsv) to a stream that counts
/// and drops the bytes: seconds, rows and MiB written, and this process's peak resident memory growth over the export,
/// sampled every 50 ms.
/// </summary>
internal static class ExportScenario
{
    public static async Task RunAsync(BenchContext context, int rows, CancellationToken ct)
    {
        var db = context.Database;
        var now = context.Clock.GetUtcNow();
        var owners = await BenchData.OwnersAsync(db, 50, now, ct);
        context.Log($"export: loading {rows} rows");
        await db.ExecuteAsync("ALTER TABLE offer_sends DISABLE TRIGGER offer_sends_notify_due", ct);
        await ScaleScenario.LoadAsync(db, owners, rows, now, ct);
        await db.ExecuteAsync("ALTER TABLE offer_sends ENABLE TRIGGER offer_sends_notify_due", ct);
        await db.ExecuteAsync("VACUUM ANALYZE offer_sends", ct);

        var appConnections = new NpgsqlDataSourceBuilder(db.ConnectionString);
        MajsterCoreExtensions.TuneConnections(appConnections.ConnectionStringBuilder);
        await using var app = appConnections.Build();
        var options = new DbContextOptionsBuilder<MajsterDbContext>();
        MajsterCoreExtensions.ConfigureDbContext(options, app);
        var queries = new OfferSendQueries(new PooledDbContextFactory<MajsterDbContext>(options.Options), context.Clock);
        var admin = new Actor(Guid.Empty, IsAdmin: true);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var self = Process.GetCurrentProcess();
            while (!sampling.IsCancellationRequested)
            {
                self.Refresh();
                peak = Math.Max(peak, self.WorkingSet64);
                await Task.Delay(50, CancellationToken.None);
            }
        }, CancellationToken.None);

        var output = new CountingStream();
        var timer = Stopwatch.StartNew();
        var written = 0;
        await OfferSendCsv.WriteAsync(output, Counted(queries.StreamAsync(admin, new OfferSendListQuery(), ct)), zone, ct);
        var elapsed = timer.Elapsed;
        await sampling.CancelAsync();
        await sampler;

        var report = new Report(context.Output, "export");
        report.Header("what", "value");
        report.Result("rows", rows);
        report.Result("rows_written", written);
        report.Result("seconds", elapsed.TotalSeconds);
        report.Result("mib_written", output.Length / 1048576.0);
        report.Result("peak_rss_growth_mib", (peak - before) / 1048576.0);
        report.Row("rows exported", written);
        report.Row("seconds", elapsed.TotalSeconds);
        report.Row("MiB written", output.Length / 1048576.0);
        report.Row("peak RSS growth, MiB", (peak - before) / 1048576.0);
        report.Print();

        async IAsyncEnumerable<OfferSendListItem> Counted(IAsyncEnumerable<OfferSendListItem> items)
        {
            await foreach (var item in items)
            {
                written++;
                yield return item;
            }
        }
    }

    /// <summary>A write-only stream that counts what it is given and keeps none of it.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
