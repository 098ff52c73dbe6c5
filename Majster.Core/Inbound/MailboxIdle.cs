using MailKit;
using MailKit.Net.Imap;

namespace Majster.Core.Inbound;

/// <summary>The bounce mailbox reader's wait between reads: IMAP IDLE on the open folder.</summary>
internal static class MailboxIdle
{
    /// <summary>Waits with IMAP IDLE until the folder's count changes (true) or <paramref name="until"/> is cancelled.</summary>
    public static async Task<bool> UntilMailAsync(ImapClient client, IMailFolder inbox, CancellationToken until, CancellationToken cancellationToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(until);
        var changed = false;
        void OnCountChanged(object? sender, EventArgs e)
        {
            changed = true;
            done.Cancel();
        }

        inbox.CountChanged += OnCountChanged;
        try
        {
            await client.IdleAsync(done.Token, cancellationToken);
        }
        finally
        {
            inbox.CountChanged -= OnCountChanged;
        }

        return changed && inbox.Count > 0;
    }
}

/// <summary>One pass over the bounce mailbox: how many messages were read, and whether it waited with IMAP IDLE.</summary>
public sealed record MailboxPass(int Messages, bool Idled);
