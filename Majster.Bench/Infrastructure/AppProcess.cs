using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Majster.Core;

namespace Majster.Bench.Infrastructure;

/// <summary>
/// The real app (<c>Majster.Admin</c>, the build of the bench's own configuration) as a child process on a loopback
/// port, pointed at the bench database and SMTP sink, with a bootstrap admin and API token. Its output goes straight
/// to a log file (the shell that starts it redirects, then becomes it), not through the bench: reading a line per
/// message from a pipe took CPU from the run being measured. Its peak resident memory is read from
/// <c>/proc/{pid}/status</c>.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    public const string AdminEmail = "bench-admin@bench.local";
    private readonly Process _process;

    private AppProcess(Process process, int port, string apiToken, string logPath)
    {
        _process = process;
        Port = port;
        ApiToken = apiToken;
        LogPath = logPath;
    }

    public int Port { get; }
    public string ApiToken { get; }
    public string LogPath { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public static async Task<AppProcess> StartAsync(
        string connectionString, int smtpPort, string logDirectory, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var assembly = AdminAssemblyPath();
        var port = LoopbackPorts.Free();
        var apiToken = "bench-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(logDirectory);
        var logPath = Path.Combine(logDirectory, $"app-{port}.log");
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        foreach (var argument in (string[])["-c", "exec dotnet \"$1\" >>\"$2\" 2>&1", "sh", assembly, logPath])
        {
            info.ArgumentList.Add(argument);
        }
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__Majster"] = connectionString,
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Bootstrap__AdminEmail"] = AdminEmail,
            ["Bootstrap__AdminPassword"] = "Bench-" + Guid.NewGuid().ToString("N") + "!",
            ["Bootstrap__AdminApiToken"] = apiToken,
            // The limit is per token and per minute; the bench is one client, on purpose far above it.
            ["Api__RateLimitPerMinute"] = "1000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start Majster.Admin.");
        var app = new AppProcess(process, port, apiToken, logPath);
        try
        {
            await app.WaitUntilReadyAsync(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The app's peak resident set size so far (VmHWM), in MiB.</summary>
    public double PeakRssMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kib = long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                return kib / 1024.0;
            }
        }

        throw new InvalidOperationException("VmHWM not found in /proc status.");
    }

    /// <summary>The CPU time the app has used so far (user + system, all threads).</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the app stops its hosted services in order, as in production.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(90));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Majster.Admin exited with code {_process.ExitCode} at start; see {LogPath}.");
            }

            try
            {
                using var response = await http.GetAsync("health/ready", deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await timer.WaitForNextTickAsync(deadline.Token);
        }
    }

    private static string AdminAssemblyPath()
    {
        var path = typeof(AppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "MajsterAdminAssembly").Value!;
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: build the solution (dotnet build -c Release) first.");
    }
}
