using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Majster.Processes;

/// <summary>
/// The built app (<c>Majster.Admin.dll</c>) as a child process, configured by environment variables as an operator
/// would, on a loopback port it picks itself; the bench and the tests that need a real process (kill -9, deployment,
/// several instances) both start it here. Its output goes straight to a log file (the shell that starts it redirects,
/// then becomes it): the app logs a line per message, and reading those from a pipe takes CPU from a bench run.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private const int OutputLines = 200;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly string _dataDirectory;

    private AppProcess(Process process, IReadOnlyDictionary<string, string> settings, string dataDirectory, string logPath)
    {
        _process = process;
        Settings = settings;
        _dataDirectory = dataDirectory;
        LogPath = logPath;
    }

    /// <summary>The environment variables the app was started with, beyond the machine's own.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public string InstanceName => Settings.GetValueOrDefault("Scheduler__InstanceName", "app");

    public Uri BaseAddress { get; private set; } = null!;

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote (stdout and stderr), for failure messages.</summary>
    public string Output => File.Exists(LogPath) ? string.Join('\n', File.ReadLines(LogPath).TakeLast(OutputLines)) : "(no output)";

    /// <summary>The token <c>/metrics</c> answers (Production serves it only with one).</summary>
    public const string ScrapeToken = "bench-scrape-token-0b7c41e2";

    /// <summary>Database, SMTP server, a free loopback port, Production and a metrics scrape token; the instance name when given.</summary>
    public static Dictionary<string, string> Defaults(string connectionString, int smtpPort, string? instanceName = null)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings__Majster"] = connectionString,
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Metrics__ScrapeToken"] = ScrapeToken,
        };
        if (instanceName is not null)
        {
            settings["Scheduler__InstanceName"] = instanceName;
        }

        return settings;
    }

    /// <summary>
    /// Starts the app with <paramref name="settings"/> and waits until it listens: by default the build of this
    /// configuration, from its own folder; or <paramref name="appDll"/> (a published app, say) from
    /// <paramref name="workingDirectory"/>. The log goes to <paramref name="logDirectory"/>, else beside the app's data.
    /// </summary>
    public static async Task<AppProcess> StartAsync(
        IReadOnlyDictionary<string, string> settings,
        CancellationToken cancellationToken,
        string? appDll = null,
        string? workingDirectory = null,
        string? logDirectory = null)
    {
        var dll = appDll ?? BuiltAppDll();
        var id = Guid.NewGuid().ToString("N")[..8];
        var dataDirectory = Path.Combine(Path.GetTempPath(), "majster-proc-" + id);
        var logPath = Path.Combine(logDirectory ?? dataDirectory, $"app-{id}.log");
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-c", "exec dotnet \"$1\" >>\"$2\" 2>&1", "sh", dll, logPath])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["Database__DataDirectory"] = dataDirectory;
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var app = new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start Majster.Admin."), settings, dataDirectory, logPath);
        try
        {
            app.BaseAddress = await app.WaitUntilListeningAsync(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public HttpClient Client() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary><c>kill -9</c>: no shutdown code runs.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary><c>kill -TERM</c>: the host's graceful shutdown, as <c>systemctl stop</c> begins it.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the process to exit; false when it did not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Polls <c>/health/ready</c> until it answers success.</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Majster.Admin exited with code {_process.ExitCode} before it was ready:\n{Output}");
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
                // Not accepting connections yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // One answer slower than the client's timeout (a busy machine, a cold start): ask again until the deadline.
            }

            await timer.WaitForNextTickAsync(deadline.Token);
        }
    }

    /// <summary>The app's peak resident set size so far (VmHWM), in MiB.</summary>
    public double PeakRssMiB() => StatusMiB("VmHWM:");

    /// <summary>The app's resident set size now (VmRSS), in MiB.</summary>
    public double RssMiB() => StatusMiB("VmRSS:");

    /// <summary>The CPU time the app has used so far (user + system, all threads).</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>
    /// The managed heap as the runtime's meter reports it at <c>/metrics</c>: the size of every generation after the
    /// last collection, summed, in MiB.
    /// </summary>
    public async Task<double> ManagedHeapMiBAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ScrapeToken);
        var text = await http.GetStringAsync("metrics", cancellationToken);
        var bytes = text.Split('\n')
            .Where(line => line.StartsWith("dotnet_gc_last_collection_heap_size_bytes{", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
        return bytes > 0 ? bytes / (1024 * 1024) : throw new InvalidOperationException(
            "The app's /metrics has no managed heap size:\n" + string.Join('\n', text.Split('\n').Where(l => !l.StartsWith('#')).Select(l => l.Split('{', ' ')[0]).Distinct()));
    }

    /// <summary>Stops the app as an operator does (SIGTERM, then SIGKILL after a grace period) and removes its data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await TerminateAsync();
            if (!await WaitForExitAsync(StopGrace))
            {
                Kill();
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// Publishes the app's build of this configuration (no rebuild) into <paramref name="folder"/>, as an operator
    /// deploys it, and answers its <c>Majster.Admin.dll</c>: only published does the app serve its static assets
    /// (Blazor's and MudBlazor's scripts) outside Development.
    /// </summary>
    public static async Task<string> PublishAsync(string folder, CancellationToken cancellationToken)
    {
        var built = BuiltAppDll();
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(built))!);
        var project = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(built)!, "..", "..", "..", "Majster.Admin.csproj"));
        await ChildCommand.RunAsync("dotnet",
            ["publish", project, "-c", configuration, "--no-build", "-o", folder, "--nologo", "-v", "q"], cancellationToken);
        return Path.Combine(folder, "Majster.Admin.dll");
    }

    /// <summary>Reads the log as it grows until Kestrel's "Now listening on" line, and answers that address.</summary>
    private async Task<Uri> WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        await using var log = new FileStream(LogPath, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(log, Encoding.UTF8);
        var text = new StringBuilder();
        while (true)
        {
            text.Append(await reader.ReadToEndAsync(deadline.Token));
            if (ListeningLine().Match(text.ToString()) is { Success: true } match)
            {
                return new Uri(match.Groups[1].Value);
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited before it listened:\n{Output}");
            }

            try
            {
                await timer.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The app did not listen within {StartTimeout}:\n{Output}");
            }
        }
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

    /// <summary>The app as built in the same configuration as this assembly (its own output, with its deps and assets).</summary>
    private static string BuiltAppDll()
    {
        var path = typeof(AppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "MajsterAdminAssembly").Value!;
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: build the solution first.");
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
