using System.Diagnostics;

namespace Majster.Tests.Support;

/// <summary>A command-line tool run as its own process, as an operator runs it (openssl, promtool).</summary>
public static class Tool
{
    /// <summary>Runs <paramref name="command"/> under <c>bash -c</c> (pipes as written in the docs); returns its output, or fails with it.</summary>
    public static async Task<string> RunAsync(string command, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add("pipefail");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start: {command}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` exited with {process.ExitCode}:\n{await output}\n{await errors}");
        }

        return await output;
    }
}
