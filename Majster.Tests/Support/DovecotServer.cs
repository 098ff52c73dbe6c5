using System.Diagnostics;
using System.Net.Sockets;
using Majster.Core;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Majster.Tests.Support;

/// <summary>
/// Debian's Dovecot as a private IMAP server for one test class: its own configuration, state and Maildir in a
/// temporary folder, a free loopback port, plain authentication over loopback, one mailbox user. As root (CI) its
/// processes and mail belong to <c>nobody</c>; otherwise to the current user. Stopped and its folder removed at the end.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string User = "bounces";
    public const string Password = "bounce-secret";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "majster-imap-" + Guid.NewGuid().ToString("N")[..8]);

    private DovecotServer() => Port = LoopbackPorts.Free();

    public int Port { get; }

    public string Host => "127.0.0.1";

    private string ConfigPath => Path.Combine(_directory, "dovecot.conf");

    /// <summary>Writes the configuration and starts the server; returns once it accepts connections.</summary>
    public static async Task<DovecotServer> StartAsync(CancellationToken cancellationToken)
    {
        var server = new DovecotServer();
        server.WriteConfiguration();
        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    /// <summary>Starts the (stopped) server on the same port, with the same mail.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        await Tool.RunAsync($"dovecot -c '{ConfigPath}'", _directory, cancellationToken);
        await Poll.UntilAsync(() => Task.FromResult(Accepts()), accepts => accepts, StartTimeout, $"Dovecot on port {Port}");
    }

    /// <summary>Stops the server; returns once its port refuses connections.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Tool.RunAsync($"dovecot -c '{ConfigPath}' stop", _directory, cancellationToken);
        await Poll.UntilAsync(() => Task.FromResult(Accepts()), accepts => !accepts, StartTimeout, $"Dovecot on port {Port} to stop");
    }

    /// <summary>Puts a message into <paramref name="folder"/> (created when missing), as a mail server delivering it would.</summary>
    public async Task AppendAsync(MimeMessage message, CancellationToken cancellationToken, string folder = "INBOX")
    {
        using var client = await ConnectAsync(cancellationToken);
        var target = await OpenOrCreateAsync(client, folder, cancellationToken);
        await target.AppendAsync(message, MessageFlags.None, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }

    /// <summary>
    /// Delivers raw bytes into the inbox exactly as given (mail that is not well-formed MIME), the way a local delivery
    /// agent does: a new file in the Maildir's <c>new</c> folder.
    /// </summary>
    public async Task DeliverRawAsync(byte[] message, CancellationToken cancellationToken)
    {
        var maildir = await MaildirAsync(cancellationToken);
        var name = $"{Guid.NewGuid():N}.majster-test";
        var temporary = Path.Combine(maildir, "tmp", name);
        await File.WriteAllBytesAsync(temporary, message, cancellationToken);
        File.Move(temporary, Path.Combine(maildir, "new", name));
    }

    /// <summary>The mailbox user's Maildir (created by logging in once), for a delivery agent to write into.</summary>
    public async Task<string> MaildirAsync(CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(cancellationToken);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        return Path.Combine(_directory, "mail", User);
    }

    /// <summary>The user Dovecot's mail belongs to (<c>nobody</c> as root).</summary>
    public static string MailUser => Environment.UserName == "root" ? "nobody" : Environment.UserName;

    /// <summary>How many messages <paramref name="folder"/> holds (0 when it does not exist).</summary>
    public async Task<int> CountAsync(string folder, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(cancellationToken);
        var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0], cancellationToken: cancellationToken);
        var match = folders.FirstOrDefault(f => f.FullName == folder);
        if (match is null)
        {
            return 0;
        }

        await match.StatusAsync(StatusItems.Count, cancellationToken);
        var count = match.Count;
        await client.DisconnectAsync(true, cancellationToken);
        return count;
    }

    private async Task<ImapClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new ImapClient();
        await client.ConnectAsync(Host, Port, SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync(User, Password, cancellationToken);
        return client;
    }

    private static async Task<IMailFolder> OpenOrCreateAsync(ImapClient client, string folder, CancellationToken cancellationToken)
    {
        if (folder == "INBOX")
        {
            await client.Inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
            return client.Inbox;
        }

        var root = client.GetFolder(client.PersonalNamespaces[0]);
        var folders = await root.GetSubfoldersAsync(cancellationToken: cancellationToken);
        var target = folders.FirstOrDefault(f => f.Name == folder) ?? await root.CreateAsync(folder, true, cancellationToken)
            ?? throw new InvalidOperationException($"Could not create {folder}.");
        await target.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        return target;
    }

    private bool Accepts()
    {
        try
        {
            using var socket = new TcpClient();
            socket.Connect(Host, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// The smallest configuration that serves IMAP here. Dovecot needs an existing unprivileged user for its internal
    /// and login processes and for the mail: <c>nobody</c> when run as root, else whoever runs the tests. No chroot
    /// (the login processes would need root-owned folders), no TLS (loopback only), no default system paths.
    /// </summary>
    private void WriteConfiguration()
    {
        Directory.CreateDirectory(_directory);
        var mail = Directory.CreateDirectory(Path.Combine(_directory, "mail"));
        var root = Environment.UserName == "root";
        var user = MailUser;
        var group = root ? "nogroup" : RunQuiet("id", "-gn");
        if (root && !OperatingSystem.IsWindows())
        {
            // The mail belongs to nobody, who must be able to write here; the folder and all in it are deleted at the end.
            mail.UnixFileMode = (UnixFileMode)0x1FF;
        }

        File.WriteAllText(Path.Combine(_directory, "users"), $"{User}:{{PLAIN}}{Password}\n");
        File.WriteAllText(ConfigPath, $$"""
            protocols = imap
            listen = {{Host}}
            base_dir = {{_directory}}/run
            state_dir = {{_directory}}/state
            instance_name = majster-{{Path.GetFileName(_directory)}}
            log_path = {{_directory}}/dovecot.log
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            default_internal_user = {{user}}
            default_internal_group = {{group}}
            default_login_user = {{user}}
            mail_location = maildir:{{mail.FullName}}/%u
            mail_uid = {{user}}
            mail_gid = {{group}}
            first_valid_uid = 0
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{_directory}}/users
            }
            userdb {
              driver = static
              args = uid={{user}} gid={{group}} home={{mail.FullName}}/%u
            }
            service imap-login {
              chroot =
              inet_listener imap {
                address = {{Host}}
                port = {{Port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service anvil {
              chroot =
            }
            """);
    }

    public static string RunQuiet(string tool, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, argument) { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        if (Accepts())
        {
            await StopAsync(CancellationToken.None);
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
