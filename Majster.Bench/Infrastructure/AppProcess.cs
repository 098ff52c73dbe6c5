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

    /// <summary>One for the whole run: the first app creates the admin in the bench database, later ones find it there.</summary>
    public static readonly string AdminPassword = "Bench-" + Guid.NewGuid().ToString("N") + "!";

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
    public int ProcessId => _process.Id;
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public static async Task<AppProcess> StartAsync(
        string connectionString, int smtpPort, string logDirectory, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? settings = null, string? publishedAssembly = null)
    {
        var assembly = publishedAssembly ?? AdminAssemblyPath();
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
            ["Bootstrap__AdminPassword"] = AdminPassword,
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
    public double PeakRssMiB() => StatusMiB("VmHWM:");

    /// <summary>The app's resident set size now (VmRSS), in MiB.</summary>
    public double RssMiB() => StatusMiB("VmRSS:");

    /// <summary>
    /// The managed heap as the runtime's meter reports it at <c>/metrics</c>: the size of every generation after the
    /// last collection, summed, in MiB.
    /// </summary>
    public async Task<double> ManagedHeapMiBAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var text = await http.GetStringAsync("metrics", cancellationToken);
        var bytes = text.Split('\n')
            .Where(line => line.StartsWith("dotnet_gc_last_collection_heap_size_bytes{", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
        return bytes > 0 ? bytes / (1024 * 1024) : throw new InvalidOperationException(
            "The app's /metrics has no managed heap size:\n" + string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("#", StringComparison.Ordinal)).Select(l => l.Split('{', ' ')[0]).Distinct()));
    }

    private double StatusMiB(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kib = long.Parse(line[field.Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                return kib / 1024.0;
            }
        }

        throw new InvalidOperationException($"{field} not found in /proc status.");
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

    /// <summary>
    /// Publishes the app's build of the bench's configuration (no rebuild) into <paramref name="folder"/>, as an
    /// operator deploys it, and answers its <c>Majster.Admin.dll</c>: only published does the app serve its static
    /// assets (Blazor's and MudBlazor's scripts) outside Development.
    /// </summary>
    public static async Task<string> PublishAsync(string folder, CancellationToken cancellationToken)
    {
        var built = AdminAssemblyPath();
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(built))!);
        var project = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(built)!, "..", "..", "..", "Majster.Admin.csproj"));
        await ChildCommand.RunAsync("dotnet",
            ["publish", project, "-c", configuration, "--no-build", "-o", folder, "--nologo", "-v", "q"], cancellationToken);
        return Path.Combine(folder, "Majster.Admin.dll");
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
