using System.Globalization;
using CsvHelper;
using Majster.Core.Time;

namespace Majster.Core.Offers;

/// <summary>
/// Offer sends as CSV for a spreadsheet: UTF-8 with a byte-order mark (so Excel reads Polish letters), a header row,
/// RFC 4180 quoting, instants in the person's zone with their offset and again in UTC, and no cell a spreadsheet would
/// run as a formula (OWASP's CSV injection advice: such a cell starts with an apostrophe).
/// </summary>
public static class OfferSendCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly string[] Header =
    [
        "id", "status", "clientName", "clientEmail", "subject", "offerTitle",
        "scheduledFor", "scheduledForUtc", "processedAt", "processedAtUtc", "createdAt", "createdAtUtc",
        "retryCount", "errorMessage",
    ];

    /// <summary>RFC 4180 (CRLF, quotes where needed); a cell starting with = + - @, tab or CR gets an apostrophe first.</summary>
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>Writes <paramref name="rows"/> to <paramref name="output"/> as they come, a buffer's worth at a time.</summary>
    public static async Task WriteAsync(
        Stream output, IAsyncEnumerable<OfferSendListItem> rows, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        foreach (var name in Header)
        {
            csv.WriteField(name);
        }

        await csv.EndRecordAsync(cancellationToken);
        await foreach (var item in rows.WithCancellation(cancellationToken))
        {
            var send = item.Send;
            csv.WriteField(send.Id.ToString());
            csv.WriteField(item.StatusName);
            csv.WriteField(send.ClientName ?? "");
            csv.WriteField(send.ClientEmail);
            csv.WriteField(send.Subject);
            csv.WriteField(item.OfferTitle);
            WriteInstant(csv, send.ScheduledFor, zone);
            WriteInstant(csv, send.ProcessedAt, zone);
            WriteInstant(csv, send.CreatedAt, zone);
            csv.WriteField(send.RetryCount.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(send.ErrorMessage ?? "");
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>The person's wall-clock time with its offset (<c>2026-10-25T02:30:00+01:00</c>), then UTC with <c>Z</c>.</summary>
    private static void WriteInstant(CsvWriter csv, DateTimeOffset? instant, TimeZoneInfo zone)
    {
        csv.WriteField(instant is { } at ? LocalTimes.InZone(at, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : "");
        csv.WriteField(instant is { } utc ? IsoInstant.Format(utc) : "");
    }
}
