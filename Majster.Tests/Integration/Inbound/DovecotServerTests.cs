using Majster.Tests.Support;
using MimeKit;

namespace Majster.Tests.Integration.Inbound;

/// <summary>The private Dovecot the bounce reader's tests use serves IMAP, keeps mail across a restart and stops.</summary>
[Trait("Category", "Integration")]
public sealed class DovecotServerTests : IAsyncLifetime
{
    private DovecotServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await DovecotServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Append_IsCountedInTheFolder_AndKeptAcrossARestart()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var message = new MimeMessage { Subject = "hello" };
        message.From.Add(MailboxAddress.Parse("client@example.com"));
        message.Body = new TextPart("plain") { Text = "Hi" };

        await _server.AppendAsync(message, cancellationToken);
        await _server.DeliverRawAsync("Subject: raw\r\n\r\nbody\r\n"u8.ToArray(), cancellationToken);
        await _server.StopAsync(cancellationToken);
        await _server.StartAgainAsync(cancellationToken);

        Assert.Equal(2, await _server.CountAsync("INBOX", cancellationToken));
        Assert.Equal(0, await _server.CountAsync("Processed", cancellationToken));
    }
}
