using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Majster.Tests.Support;

/// <summary>
/// The built app (<c>Majster.Admin.dll</c>) as a separate OS process, configured by environment variables as an
/// operator would, on a loopback port it picks itself. Killed on dispose if it is still running; its output is kept
/// (the last lines) for failure messages.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private const int KeptLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _dataDirectory;

    private AppProcess(Process process, string instanceName, string dataDirectory)
    {
        _process = process;
        InstanceName = instanceName;
        _dataDirectory = dataDirectory;
    }

    public string InstanceName { get; }

    public Uri BaseAddress => _listening.Task.IsCompletedSuccessfully ? _listening.Task.Result : throw new InvalidOperationException("Not listening yet.");

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote (stdout and stderr).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The settings every test process shares: database, SMTP sink, instance name, a free port, Production.</summary>
    public static Dictionary<string, string> Settings(string connectionString, int smtpPort, string instanceName) => new(StringComparer.Ordinal)
    {
        ["ConnectionStrings__Majster"] = connectionString,
        ["Smtp__Host"] = "127.0.0.1",
        ["Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        ["Scheduler__InstanceName"] = instanceName,
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    /// <summary>
    /// Starts the app with <paramref name="settings"/> and waits until it listens: by default the build beside these
    /// tests, from its own folder; or <paramref name="appDll"/> (a published app, say) from <paramref name="workingDirectory"/>.
    /// </summary>
    public static async Task<AppProcess> StartAsync(
        IReadOnlyDictionary<string, string> settings,
        CancellationToken cancellationToken,
        string? appDll = null,
        string? workingDirectory = null)
    {
        var dll = appDll ?? AppDll();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "majster-proc-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["Database__DataDirectory"] = dataDirectory;
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new AppProcess(process, settings.GetValueOrDefault("Scheduler__InstanceName", "app"), dataDirectory);
        process.OutputDataReceived += (_, e) => app.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => app.Collect(e.Data);
        process.Exited += (_, _) => app._listening.TrySetException(new InvalidOperationException($"The app exited before it listened:\n{app.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app._listening.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    public HttpClient Client() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary><c>kill -9</c>: no shutdown code runs.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary><c>kill -TERM</c>: the host's graceful shutdown.</summary>
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

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // It never started.
        }

        _process.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines)
        {
            _output.TryDequeue(out _);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    /// <summary>
    /// The app as built beside these tests: <c>Majster.Admin/bin/&lt;configuration&gt;/&lt;framework&gt;</c> (its own output,
    /// with its deps and static assets), else the copy in the tests' output.
    /// </summary>
    private static string AppDll()
    {
        var testsOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var marker = Path.DirectorySeparatorChar + "Majster.Tests" + Path.DirectorySeparatorChar;
        var at = testsOutput.LastIndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            var own = testsOutput[..at] + Path.DirectorySeparatorChar + "Majster.Admin" + testsOutput[(at + marker.Length - 1)..];
            var ownDll = Path.Combine(own, "Majster.Admin.dll");
            if (File.Exists(ownDll))
            {
                return ownDll;
            }
        }

        return Path.Combine(testsOutput, "Majster.Admin.dll");
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
