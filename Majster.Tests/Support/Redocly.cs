using System.Diagnostics;
using System.Text.Json;

namespace Majster.Tests.Support;

/// <summary><c>@redocly/cli lint</c> from <c>tools/npm</c>, with its recommended rules, over an OpenAPI document.</summary>
public static class Redocly
{
    public sealed record LintResult(int Errors, int Warnings, string Report);

    public static async Task<LintResult> LintAsync(string documentJson, CancellationToken cancellationToken)
    {
        var cli = NpmTools.File("@redocly/cli/bin/cli.js");
        var folder = Directory.CreateTempSubdirectory("majster-openapi-");
        try
        {
            var document = Path.Combine(folder.FullName, "openapi.json");
            await File.WriteAllTextAsync(document, documentJson, cancellationToken);
            var (json, _) = await RunAsync(cli, ["lint", document, "--extends=recommended", "--format=json"], folder.FullName, cancellationToken);
            var (stylish, messages) = await RunAsync(cli, ["lint", document, "--extends=recommended", "--format=stylish"], folder.FullName, cancellationToken);
            using var report = JsonDocument.Parse(json);
            var totals = report.RootElement.GetProperty("totals");
            return new LintResult(totals.GetProperty("errors").GetInt32(), totals.GetProperty("warnings").GetInt32(), stylish + messages);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>What the CLI wrote to its standard output and to its standard error.</summary>
    private static async Task<(string Output, string Errors)> RunAsync(string cli, string[] arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["NO_COLOR"] = "1" },
        };
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var errors = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        return (await output, await errors);
    }
}
