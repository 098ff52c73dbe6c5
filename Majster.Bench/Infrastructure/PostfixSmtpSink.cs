using System.Diagnostics;
using Majster.Core;

namespace Majster.Bench.Infrastructure;

/// <summary>
/// Postfix's <c>smtp-sink</c> (Debian package <c>postfix</c>) in its own process on a free loopback port: a real,
/// fast SMTP server that accepts every message and keeps none. The drain scenario's sink.
/// </summary>
internal sealed class PostfixSmtpSink : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/smtp-sink";
    private readonly Process _process;

    private PostfixSmtpSink(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<PostfixSmtpSink> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} not found: install Debian's 'postfix' package (it ships smtp-sink).");
        }

        var port = LoopbackPorts.Free();
        var info = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            // smtp-sink refuses to keep root privileges: it drops to this user after binding.
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add("postfix");
        }

        foreach (var argument in new[] { "-h", "sink.bench.local", $"127.0.0.1:{port}", "1024" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start smtp-sink.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var sink = new PostfixSmtpSink(process, port);
        try
        {
            await LoopbackListening.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10), cancellationToken);
            return sink;
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
