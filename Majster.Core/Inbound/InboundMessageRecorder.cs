using Majster.Core.Data;
using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Majster.Core.Inbound;

/// <summary>
/// Stores what one inbound message meant, in one transaction: the message; and when it names a send that exists and
/// says something, the send's <see cref="OfferSendDelivery"/>, an event on its timeline (the send's status unchanged),
/// and for a bounce the send's address on the suppression list. Returns the stored message, whose
/// <see cref="InboundMessage.Folder"/> says where the mailbox copy goes.
/// </summary>
public sealed class InboundMessageRecorder(IDbContextFactory<MajsterDbContext> contexts, TimeProvider clock, IOptions<MailOptions> options)
{
    /// <summary>The actor of the timeline events this writes.</summary>
    public const string MailboxActor = "mailbox";

    public async Task<InboundMessage> RecordAsync(InboundMessageReading reading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var send = reading is { Outcome: not null, OfferSendId: { } id }
            ? await db.OfferSends.Include(s => s.Delivery).FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            : null;
        // A Date header is the sender's claim: one in the future is read as now.
        var at = reading.Date is { } date && date < now ? date : now;
        var message = new InboundMessage
        {
            MessageId = reading.MessageId,
            From = reading.From,
            Subject = reading.Subject,
            At = at,
            ReadAt = now,
            Outcome = send is null ? null : reading.Outcome,
            OfferSendId = send?.Id,
            Status = reading.Status,
            Diagnostic = reading.Diagnostic,
            Recipient = reading.Recipient,
            Text = reading.Text,
            Folder = send is null ? options.Value.Inbound.UnmatchedFolder : options.Value.Inbound.ProcessedFolder,
        };
        db.InboundMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);

        if (send is not null && reading.Outcome is { } outcome)
        {
            Attach(db, send, message, outcome, now);
            if (outcome == InboundOutcome.Bounced && !await db.Suppressions.AnyAsync(s => s.Address == send.ClientEmail, cancellationToken))
            {
                db.Suppressions.Add(new Suppression
                {
                    Address = send.ClientEmail,
                    Reason = "Hard bounce",
                    Status = reading.Status,
                    Diagnostic = reading.Diagnostic,
                    OfferSendId = send.Id,
                    InboundMessageId = message.Id,
                    CreatedAt = now,
                });
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return message;
    }

    /// <summary>Stores a message that could not be read at all (too large, broken), for the Unmatched folder.</summary>
    public async Task<InboundMessage> RecordUnreadableAsync(string warning, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var message = new InboundMessage { At = now, ReadAt = now, Warning = warning, Folder = options.Value.Inbound.UnmatchedFolder };
        db.InboundMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        return message;
    }

    private static void Attach(MajsterDbContext db, OfferSend send, InboundMessage message, InboundOutcome outcome, DateTimeOffset now)
    {
        if (send.Delivery is null)
        {
            db.OfferSendDeliveries.Add(new OfferSendDelivery { OfferSendId = send.Id });
            send.Delivery = db.OfferSendDeliveries.Local.Single(d => d.OfferSendId == send.Id);
            Fill(send.Delivery, message, outcome);
        }
        else if (outcome.Weight() >= send.Delivery.Outcome.Weight())
        {
            Fill(send.Delivery, message, outcome);
        }

        db.OfferSendEvents.Add(new OfferSendEvent
        {
            OfferSendId = send.Id,
            At = now,
            Actor = MailboxActor,
            Action = outcome.ToText(),
            StatusBefore = send.Status,
            StatusAfter = send.Status,
            Note = ReportText.Of(message.Status, message.Diagnostic) ?? message.From,
        });
    }

    private static void Fill(OfferSendDelivery delivery, InboundMessage message, InboundOutcome outcome)
    {
        delivery.Outcome = outcome;
        delivery.Status = message.Status;
        delivery.Diagnostic = message.Diagnostic;
        delivery.From = message.From;
        delivery.At = message.At;
        delivery.InboundMessageId = message.Id;
    }
}
