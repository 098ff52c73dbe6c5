using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Majster.Core;

namespace Majster.Tests.Support;

/// <summary>
/// A private Postfix (Debian's) as a real MTA between the app and the world: its own configuration, queue and log in a
/// temporary folder (<c>postfix -c DIR</c>), an SMTP listener on a free loopback port, mail for
/// <paramref name="relayedDomain"/> relayed to a test server, and mail for <paramref name="localDomain"/> (its own
/// bounces) delivered by its <c>virtual</c> agent into a Maildir. Postfix's master runs as root and its processes as
/// the <c>postfix</c> user, so the tests that use it run as root (CI does). Stopped and removed at the end.
/// </summary>
public sealed partial class PostfixRelay : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "majster-postfix-" + Guid.NewGuid().ToString("N")[..8]);

    private PostfixRelay() => Port = LoopbackPorts.Free();

    public int Port { get; }

    private string Config => Path.Combine(_directory, "conf");

    public static async Task<PostfixRelay> StartAsync(
        string relayedDomain, int relayPort, string localDomain, string maildir, string maildirOwner, CancellationToken cancellationToken)
    {
        var relay = new PostfixRelay();
        await relay.WriteConfigurationAsync(relayedDomain, relayPort, localDomain, maildir, maildirOwner, cancellationToken);
        await Tool.RunAsync($"postfix -c '{relay.Config}' check && postfix -c '{relay.Config}' start", relay._directory, cancellationToken);
        await Poll.UntilAsync(() => Task.FromResult(relay.Accepts()), accepts => accepts, StartTimeout, $"Postfix on port {relay.Port}");
        return relay;
    }

    /// <summary>What Postfix logged, for a failing test's message.</summary>
    public string Log => File.Exists(Path.Combine(_directory, "postfix.log")) ? File.ReadAllText(Path.Combine(_directory, "postfix.log")) : "";

    private async Task WriteConfigurationAsync(
        string relayedDomain, int relayPort, string localDomain, string maildir, string maildirOwner, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Config);
        Directory.CreateDirectory(Path.Combine(_directory, "queue"));
        var data = Directory.CreateDirectory(Path.Combine(_directory, "data")).FullName;
        // The master's lock lives in the data directory, which must be the postfix user's.
        await Tool.RunAsync($"chown postfix '{data}'", _directory, cancellationToken);
        var uid = DovecotServer.RunQuiet("id", $"-u {maildirOwner}");
        var gid = DovecotServer.RunQuiet("id", $"-g {maildirOwner}");
        var mailRoot = Path.GetDirectoryName(maildir)!;
        var mailbox = Path.GetFileName(maildir);
        var transport = "inline:{ " + relayedDomain + "=smtp:[127.0.0.1]:" + relayPort.ToString(CultureInfo.InvariantCulture) + " }";
        File.WriteAllText(Path.Combine(Config, "main.cf"), $"""
            compatibility_level = 3.6
            queue_directory = {_directory}/queue
            data_directory = {data}
            mail_owner = postfix
            setgid_group = postdrop
            myhostname = mail.{localDomain}
            mydomain = {localDomain}
            myorigin = {localDomain}
            mydestination =
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            mynetworks = 127.0.0.0/8
            alias_maps =
            alias_database =
            smtp_dns_support_level = disabled
            smtputf8_enable = no
            relay_domains = {relayedDomain}
            transport_maps = {transport}
            virtual_mailbox_domains = {localDomain}
            virtual_mailbox_base = {mailRoot}
            virtual_mailbox_maps = static:{mailbox}/
            virtual_uid_maps = static:{uid}
            virtual_gid_maps = static:{gid}
            maillog_file_prefixes = {_directory}
            maillog_file = {_directory}/postfix.log
            """);
        // Debian's master.cf, with the SMTP listener on this port and no chroot (which would need a copy of /etc).
        var master = File.ReadAllText("/etc/postfix/master.cf");
        master = SmtpListener().Replace(master, $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)} inet n - n", 1);
        master = Chrooted().Replace(master, "${service}n");
        File.WriteAllText(Path.Combine(Config, "master.cf"), master);
    }

    private bool Accepts()
    {
        try
        {
            using var socket = new TcpClient();
            socket.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Accepts())
        {
            await Tool.RunAsync($"postfix -c '{Config}' stop", _directory, CancellationToken.None);
            await Poll.UntilAsync(() => Task.FromResult(Accepts()), accepts => !accepts, StartTimeout, $"Postfix on port {Port} to stop");
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [GeneratedRegex(@"^smtp\s+inet\s+n\s+-\s+y", RegexOptions.Multiline)]
    private static partial Regex SmtpListener();

    [GeneratedRegex(@"^(?<service>\S+\s+(?:unix|inet|fifo|pass|unix-dgram)\s+[-ny]\s+[-ny]\s+)y", RegexOptions.Multiline)]
    private static partial Regex Chrooted();
}
