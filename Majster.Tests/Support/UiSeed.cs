using Majster.Core.Offers;
using Majster.Core.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Support;

/// <summary>
/// One person's sends in every state, with attempts spread over the last day and failures of several kinds: what the
/// dashboard, the grid and a send's page show (for axe-core's checks and the screenshots).
/// </summary>
public static class UiSeed
{
    /// <summary>The raw text of the seeded outbox failure: a server path that only admins may read.</summary>
    public const string OutboxError = "Could not write /var/lib/majster/outbox/4f1c9a2e.eml: Is a directory";

    private static readonly string[] Works = ["remont łazienki", "dach", "elewacja", "okna", "taras", "instalacja elektryczna", "podłogi", "kuchnia"];
    private static readonly string[] Clients = ["Jan Kowalski", "Anna Nowak", "Piotr Wiśniewski", "Katarzyna Wójcik", "Tomasz Kamiński", "Zofia Lewandowska"];

    /// <summary>The seeded sends of <paramref name="userId"/>; the failed one's last error is <see cref="OutboxError"/>.</summary>
    public sealed record Sends(OfferSend FailedByOutbox, OfferSend Sent, OfferSend Pending, OfferSend Scheduled);

    public static async Task<Sends> EveryStateAsync(string connectionString, string email, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = Database.CreateContext(connectionString);
        var userId = (await db.Users.AsNoTracking().SingleAsync(u => u.Email == email, ct)).Id;
        var offer = new Offer
        {
            UserId = userId, Title = "Remont domu " + Guid.NewGuid().ToString("N")[..4], ClientName = "Jan Kowalski", ClientEmail = "jan.kowalski@example.com",
            TotalAmount = 23450.75m, Currency = "PLN", Language = "pl", CreatedAt = now.AddDays(-2), UpdatedAt = now.AddDays(-2),
        };
        db.Offers.Add(offer);
        var sends = Enumerable.Range(0, 24).Select(i => Send(offer, i, now)).ToList();
        db.OfferSends.AddRange(sends);
        await db.SaveChangesAsync(ct);
        return new Sends(
            sends.First(s => s.ErrorMessage?.Contains("outbox", StringComparison.Ordinal) == true),
            sends.First(s => s.Status == OfferSendStatus.Sent),
            sends.First(s => s.Status == OfferSendStatus.Pending),
            sends.First(s => s.Status == OfferSendStatus.Scheduled && s.RetryCount == 0));
    }

    /// <summary>Send <paramref name="i"/>: sent, scheduled, retrying, failed (outbox or SMTP 550) or pending, in turn.</summary>
    private static OfferSend Send(Offer offer, int i, DateTimeOffset now)
    {
        var client = Clients[i % Clients.Length];
        var created = now.AddHours(-i - 1);
        var send = new OfferSend
        {
            Offer = offer, UserId = offer.UserId, ClientName = client,
            ClientEmail = Ascii(client.ToLowerInvariant().Replace(' ', '.')) + "@example.com",
            Subject = $"Oferta: {Works[i % Works.Length]}", Message = "Dzień dobry, w załączeniu oferta.",
            CreatedAt = created, UpdatedAt = created,
        };
        switch (i % 6)
        {
            case 0 or 1:
                // Most go out within a second of their time, as the scheduler sends them; one in eight, 2 s late.
                (send.Status, send.ScheduledFor, send.ProcessedAt) =
                    (OfferSendStatus.Sent, created.AddMinutes(30), created.AddMinutes(30).AddMilliseconds(i % 8 == 0 ? 2_000 : 150 + 10 * i));
                send.Attempts.Add(Attempt(1, created.AddMinutes(30), AttemptOutcome.Sent, null));
                break;
            case 2:
                (send.Status, send.ScheduledFor) = (OfferSendStatus.Scheduled, now.AddHours(2 + i));
                break;
            case 3:
                (send.Status, send.ScheduledFor, send.RetryCount, send.LastRetryAt, send.ErrorMessage) =
                    (OfferSendStatus.Scheduled, now.AddMinutes(30 + i), 1, created.AddMinutes(30), "SMTP 451: 4.7.1 Greylisted, try again later");
                send.Failure = FailureReason.Smtp(451);
                send.Attempts.Add(Attempt(1, created.AddMinutes(30), AttemptOutcome.TransientFailure, send.ErrorMessage, 451));
                break;
            case 4:
                var outbox = i % 12 == 4;
                var error = outbox ? OutboxError : $"SMTP 550: 5.1.1 <{send.ClientEmail}>: Recipient address rejected";
                (send.Status, send.ScheduledFor, send.RetryCount) = (OfferSendStatus.Failed, created.AddMinutes(10), outbox ? 3 : 0);
                send.ErrorMessage = outbox ? $"Max retries (3) exceeded. Last error: {error}" : $"Permanent failure: {error}";
                send.Failure = outbox ? new FailureReason(FailureKind.OutboxNotWritable) : FailureReason.Smtp(550);
                for (var n = 1; n <= send.RetryCount + 1; n++)
                {
                    send.Attempts.Add(Attempt(n, created.AddMinutes(10 + n), outbox ? AttemptOutcome.TransientFailure : AttemptOutcome.PermanentFailure, error, outbox ? null : 550));
                }

                break;
            default:
                send.Status = OfferSendStatus.Pending;
                break;
        }

        if (send.Status != OfferSendStatus.Pending)
        {
            send.Events.Add(Event(created, "person", OfferSendActions.Schedule, OfferSendStatus.Pending, OfferSendStatus.Scheduled, null));
        }

        foreach (var attempt in send.Attempts)
        {
            var last = attempt.AttemptNumber == send.Attempts.Count;
            var (action, after) = attempt.Outcome switch
            {
                AttemptOutcome.Sent => (RetryPolicy.Sent, OfferSendStatus.Sent),
                _ when last && send.Status == OfferSendStatus.Failed => (RetryPolicy.Failed, OfferSendStatus.Failed),
                _ => (RetryPolicy.RetryScheduled, OfferSendStatus.Scheduled),
            };
            var change = Event(attempt.FinishedAt, OfferSendEvent.SchedulerActor, action, OfferSendStatus.Scheduled, after, attempt.Error);
            change.Failure = attempt.Failure;
            change.ScheduledForAfter = action == RetryPolicy.RetryScheduled ? attempt.FinishedAt.AddMinutes(attempt.AttemptNumber) : null;
            send.Events.Add(change);
        }

        return send;
    }

    private static OfferSendEvent Event(DateTimeOffset at, string actor, string action, OfferSendStatus before, OfferSendStatus after, string? note) => new()
    {
        At = at, Actor = actor, Action = action, StatusBefore = before, StatusAfter = after, Note = note,
    };

    /// <summary>Polish letters as their plain ASCII base (ł as l), for a seeded e-mail address.</summary>
    private static string Ascii(string text) =>
        new([.. text.Replace('ł', 'l').Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)]);

    private static OfferSendAttempt Attempt(int number, DateTimeOffset at, AttemptOutcome outcome, string? error, int? code = null) => new()
    {
        AttemptNumber = number, StartedAt = at, FinishedAt = at.AddMilliseconds(180 + 40 * number), Outcome = outcome,
        SmtpStatusCode = code, Error = error, Instance = "seed",
        Failure = error is null ? null : code is { } smtp ? FailureReason.Smtp(smtp) : new FailureReason(FailureKind.OutboxNotWritable),
    };
}
