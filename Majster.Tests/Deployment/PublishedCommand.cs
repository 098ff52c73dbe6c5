using System.Diagnostics;

namespace Majster.Tests.Deployment;

/// <summary>The published app run once at an operator's shell (a verb such as <c>backup FILE</c>), to its end.</summary>
public static class PublishedCommand
{
    /// <summary>The exit code, what it wrote on stdout and what on stderr.</summary>
    public sealed record Result(int Code, string Output, string Errors)
    {
        /// <summary>The lines on stderr that say something.</summary>
        public IReadOnlyList<string> ErrorLines => Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary><c>dotnet Majster.Admin.dll ARGS</c> from <c>/</c> with <paramref name="settings"/> as its environment.</summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        start.ArgumentList.Add(await PublishedApp.DllAsync());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        return new Result(process.ExitCode, await output, await errors);
    }
}
