using System.Diagnostics;
using Majster.Bench.Infrastructure;
using Majster.Core.Email;
using MailKit.Net.Smtp;
using MailKit.Security;
using Npgsql;

namespace Majster.Bench.Peers;

/// <summary>
/// The runbook's design, as its worker did it: take a batch of 50 due rows, and for each one in turn open an SMTP
/// connection, send, close it, and update the row; repeat while rows are due. (In production it ran once every five
/// minutes, so its real throughput is 50 per 5 minutes; this measures its mechanics back to back.)
/// </summary>
internal static class RunbookPeer
{
    public const int BatchSize = 50;

    public static async Task<TimeSpan> DrainAsync(
        BenchDatabase db, OfferEmailComposer composer, IReadOnlyList<Guid> ids, int port, TimeProvider clock, CancellationToken ct)
    {
        var numbers = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i + 1);
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            await using var select = db.DataSource.CreateCommand("""
                SELECT id FROM offer_sends
                WHERE status = 'scheduled' AND scheduled_for <= @now AND id = ANY(@ids)
                ORDER BY scheduled_for LIMIT @batch
                """);
            select.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", clock.GetUtcNow()));
            select.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. ids]));
            select.Parameters.Add(new NpgsqlParameter<int>("batch", BatchSize));
            List<Guid> batch = [];
            await using (var reader = await select.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    batch.Add(reader.GetGuid(0));
                }
            }

            if (batch.Count == 0)
            {
                return stopwatch.Elapsed;
            }

            foreach (var id in batch)
            {
                var message = await composer.ComposeAsync(BenchData.EmailFor(id, numbers[id]));
                using (var client = new SmtpClient())
                {
                    await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None, ct);
                    await client.SendAsync(message, ct);
                    await client.DisconnectAsync(quit: true, ct);
                }

                await db.ExecuteAsync(
                    "UPDATE offer_sends SET status = 'sent', processed_at = @now, updated_at = @now WHERE id = @id", ct,
                    new NpgsqlParameter<DateTimeOffset>("now", clock.GetUtcNow()), new NpgsqlParameter<Guid>("id", id));
            }
        }
    }
}
