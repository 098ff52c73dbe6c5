using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Majster.Processes;
using Majster.Core;
using Majster.Tests.Support;

namespace Majster.Tests.Deployment;

/// <summary>
/// Debian's nginx running a site file in a private prefix (its own config, logs, pid and a self-signed certificate),
/// in the foreground, stopped on dispose. Its access log records which upstream served each request.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/nginx";
    private readonly Process _process;
    private readonly string _prefix;
    private readonly ConcurrentQueue<string> _output = new();

    private NginxProxy(Process process, string prefix, int port)
    {
        _process = process;
        _prefix = prefix;
        Port = port;
    }

    /// <summary>The TLS port the site listens on.</summary>
    public int Port { get; }

    public string CertificatePath => Path.Combine(_prefix, "fullchain.pem");

    /// <summary>Lines of the access log: <c>METHOD URI STATUS UPSTREAM</c>.</summary>
    public IReadOnlyList<string> AccessLog() => File.Exists(Path.Combine(_prefix, "access.log"))
        ? File.ReadAllLines(Path.Combine(_prefix, "access.log"))
        : [];

    /// <summary>
    /// Runs the shipped site <paramref name="site"/> on loopback: its two upstreams moved to <paramref name="instancePorts"/>,
    /// its https server to a free port with a self-signed certificate, its port-80 redirect to another free port.
    /// </summary>
    public static Task<NginxProxy> StartSiteAsync(string site, IReadOnlyList<int> instancePorts, CancellationToken cancellationToken) =>
        StartAsync((port, certificate, key) => DeployFiles.Render(site, new Dictionary<string, string>
        {
            ["server 127.0.0.1:5080 "] = $"server 127.0.0.1:{instancePorts[0]} ",
            ["server 127.0.0.1:5081 "] = $"server 127.0.0.1:{instancePorts[1]} ",
            ["listen 443 ssl;"] = $"listen 127.0.0.1:{port} ssl;",
            ["listen 80;"] = $"listen 127.0.0.1:{LoopbackPorts.Free()};",
            ["/etc/ssl/majster/fullchain.pem"] = certificate,
            ["/etc/ssl/majster/privkey.pem"] = key,
        }), cancellationToken);

    /// <summary>
    /// Writes a certificate for <c>127.0.0.1</c>, lets <paramref name="renderSite"/> turn the shipped site into the one
    /// to run (given the TLS port and the certificate and key paths), checks it with <c>nginx -t</c> and starts nginx.
    /// </summary>
    public static async Task<NginxProxy> StartAsync(Func<int, string, string, string> renderSite, CancellationToken cancellationToken)
    {
        var prefix = Path.Combine(Path.GetTempPath(), "majster-nginx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));
        if (!OperatingSystem.IsWindows())
        {
            // nginx's workers run as an unprivileged user when the master runs as root; they buffer into this folder.
            File.SetUnixFileMode(Path.Combine(prefix, "temp"), (UnixFileMode)0b111_111_111);
        }
        var certificate = Path.Combine(prefix, "fullchain.pem");
        var key = Path.Combine(prefix, "privkey.pem");
        WriteSelfSignedCertificate(certificate, key);

        var port = LoopbackPorts.Free();
        await File.WriteAllTextAsync(Path.Combine(prefix, "site.conf"), renderSite(port, certificate, key), cancellationToken);
        var temp = Path.Combine(prefix, "temp");
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log;
            events { worker_connections 256; }
            http {
                log_format upstream '$request_method $request_uri $status $upstream_addr';
                access_log {{prefix}}/access.log upstream;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                include {{prefix}}/site.conf;
            }
            """, cancellationToken);

        await Tool.RunAsync($"{Executable} -t -p '{prefix}' -c '{prefix}/nginx.conf'", prefix, cancellationToken);

        var start = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-p", prefix, "-c", Path.Combine(prefix, "nginx.conf"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var proxy = new NginxProxy(process, prefix, port);
        process.OutputDataReceived += (_, e) => proxy._output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => proxy._output.Enqueue(e.Data ?? "");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await LoopbackListening.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }

        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_prefix, recursive: true);
    }

    private static void WriteSelfSignedCertificate(string certificatePath, string keyPath)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=majster.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("majster.test");
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }
}
