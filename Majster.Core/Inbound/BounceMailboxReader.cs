using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Majster.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Majster.Core.Inbound;

/// <summary>
/// One read of the bounce mailbox: every message in <c>Mail:Inbound:Folder</c> is parsed within limits, understood
/// (<see cref="InboundMessageReading"/>), stored (<see cref="InboundMessageRecorder"/>) and then moved to the
/// Processed or Unmatched folder; nothing is deleted. A message that cannot be read goes to Unmatched with one
/// warning and is never read again. One instance of the fleet reads at a time: the pass runs only while this
/// process holds a PostgreSQL advisory lock.
/// </summary>
public sealed partial class BounceMailboxReader(
    IOptions<MailOptions> options,
    InboundMessageRecorder recorder,
    IDbContextFactory<MajsterDbContext> contexts,
    TimeProvider clock,
    ILogger<BounceMailboxReader> logger)
{
    /// <summary>The advisory lock key that makes one reader of the fleet's shared mailbox.</summary>
    public const long ReaderLockKey = 0x4D414A5354524942; // "MAJSTRIB"

    /// <summary>Deeper MIME is read as opaque leaves; real reports nest three or four levels.</summary>
    private static readonly ParserOptions Parsing = new() { MaxMimeDepth = 16 };

    /// <summary>Reads the mailbox once; returns how many messages were read, or null when another instance is reading.</summary>
    public async Task<int?> ReadOnceAsync(CancellationToken cancellationToken) =>
        (await ReadAsync(TimeSpan.Zero, cancellationToken))?.Messages;

    /// <summary>
    /// Reads the mailbox, then, for up to <paramref name="waitFor"/> and where <c>Mail:Inbound:Idle</c> is on and the
    /// server offers IMAP IDLE, waits on the same connection and reads each message as it arrives. Null when another
    /// instance is reading.
    /// </summary>
    public async Task<MailboxPass?> ReadAsync(TimeSpan waitFor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            if (!await ScalarAsync<bool>(connection, "SELECT pg_try_advisory_lock(@key)", cancellationToken))
            {
                return null;
            }

            try
            {
                return await ReadMailboxAsync(waitFor, cancellationToken);
            }
            finally
            {
                // Pooled connections keep session locks: give it back explicitly.
                await ScalarAsync<bool>(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<MailboxPass> ReadMailboxAsync(TimeSpan waitFor, CancellationToken cancellationToken)
    {
        var settings = options.Value.Inbound;
        using var client = new ImapClient { Timeout = 30_000 };
        await client.ConnectAsync(settings.Host ?? throw new InvalidOperationException("Mail:Inbound:Host is not set."), PortOf(settings), SecurityOf(settings.Security), cancellationToken);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await client.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken);
        }

        var inbox = await client.GetFolderAsync(settings.Folder, cancellationToken);
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var processed = await EnsureFolderAsync(client, settings.ProcessedFolder, cancellationToken);
        var unmatched = await EnsureFolderAsync(client, settings.UnmatchedFolder, cancellationToken);
        async Task<int> ReadAllAsync()
        {
            var uids = await inbox.SearchAsync(SearchQuery.All, cancellationToken);
            foreach (var uid in uids)
            {
                var stored = await ReadOneAsync(inbox, uid, settings.MaxMessageBytes, cancellationToken);
                await inbox.MoveToAsync(uid, stored.Folder == settings.ProcessedFolder ? processed : unmatched, cancellationToken);
            }

            return uids.Count;
        }

        var last = await ReadAllAsync();
        var read = last;
        var idled = settings.Idle && waitFor > TimeSpan.Zero && client.Capabilities.HasFlag(ImapCapabilities.Idle);
        if (idled)
        {
            using var waited = new CancellationTokenSource(waitFor, clock);
            while (!waited.IsCancellationRequested)
            {
                // A message that came while the last ones were read is read before waiting (while reading moves some).
                var arrived = (last > 0 && inbox.Count > 0) || await MailboxIdle.UntilMailAsync(client, inbox, waited.Token, cancellationToken);
                last = arrived ? await ReadAllAsync() : 0;
                read += last;
            }
        }

        await client.DisconnectAsync(true, cancellationToken);
        return new MailboxPass(read, idled);
    }

    private async Task<InboundMessage> ReadOneAsync(IMailFolder inbox, UniqueId uid, int maxBytes, CancellationToken cancellationToken)
    {
        var summary = (await inbox.FetchAsync([uid], MessageSummaryItems.Size, cancellationToken)).FirstOrDefault();
        if (summary?.Size is { } size && size > maxBytes)
        {
            return await UnreadableAsync(uid, $"Larger than {maxBytes} bytes ({size} bytes); not parsed.", cancellationToken);
        }

        await using var stream = await inbox.GetStreamAsync(uid, cancellationToken);
        InboundMessageReading reading;
        try
        {
            var message = await MimeMessage.LoadAsync(Parsing, stream, cancellationToken);
            reading = InboundMessageReading.Read(message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever a stranger's message does to the parser ends with that message, never with the reader.
            return await UnreadableAsync(uid, $"Could not be read: {exception.Message}", cancellationToken);
        }

        var stored = await recorder.RecordAsync(reading, cancellationToken);
        InboundTelemetry.Count(stored.Outcome);
        if (stored.OfferSendId is null)
        {
            LogUnmatched(logger, uid.Id, reading.From, reading.Subject);
        }
        else
        {
            LogMatched(logger, uid.Id, stored.Outcome?.ToText(), stored.OfferSendId);
        }

        return stored;
    }

    private async Task<InboundMessage> UnreadableAsync(UniqueId uid, string warning, CancellationToken cancellationToken)
    {
        LogUnreadable(logger, uid.Id, warning);
        InboundTelemetry.Count(null);
        return await recorder.RecordUnreadableAsync(warning, cancellationToken);
    }

    private static async Task<IMailFolder> EnsureFolderAsync(ImapClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetFolderAsync(name, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            var root = client.GetFolder(client.PersonalNamespaces[0]);
            return await root.CreateAsync(name, isMessageFolder: true, cancellationToken)
                ?? throw new InvalidOperationException($"The IMAP server did not create the folder '{name}'.");
        }
    }

    private static int PortOf(InboundMailOptions settings) =>
        settings.Port != 0 ? settings.Port : settings.Security == InboundSecurity.SslOnConnect ? 993 : 143;

    private static SecureSocketOptions SecurityOf(InboundSecurity security) => security switch
    {
        InboundSecurity.None => SecureSocketOptions.None,
        InboundSecurity.StartTls => SecureSocketOptions.StartTls,
        InboundSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    private static async Task<T> ScalarAsync<T>(System.Data.Common.DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var key = command.CreateParameter();
        key.ParameterName = "key";
        key.Value = ReaderLockKey;
        command.Parameters.Add(key);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bounce mailbox: message {Uid} from {From} ({Subject}) belongs to no offer send; moved to Unmatched")]
    private static partial void LogUnmatched(ILogger logger, uint uid, string? from, string? subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bounce mailbox: message {Uid} moved to Unmatched: {Warning}")]
    private static partial void LogUnreadable(ILogger logger, uint uid, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bounce mailbox: message {Uid} is {Outcome} for offer send {OfferSendId}")]
    private static partial void LogMatched(ILogger logger, uint uid, string? outcome, Guid? offerSendId);
}
