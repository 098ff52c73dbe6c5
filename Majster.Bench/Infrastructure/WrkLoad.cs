using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Majster.Bench.Infrastructure;

/// <summary>
/// <c>POST /schedule-offer</c> load from <c>wrk</c> (Debian's package) with a Lua script: a C load generator takes
/// far less of the two shared cores than a .NET client, so more of them is left to the app being measured. Each
/// request names the next id of a list, so requests in one run do not touch the same row.
/// </summary>
internal static partial class WrkLoad
{
    /// <summary>The <c>wrk</c> executable on the PATH, or null when it is not installed.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "wrk"))
            .FirstOrDefault(File.Exists);

    /// <summary>Writes the ids and the script into <paramref name="directory"/>; returns the script's path.</summary>
    public static async Task<string> PrepareAsync(string directory, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var idsPath = Path.Combine(directory, "schedule-offer-ids.txt");
        await File.WriteAllLinesAsync(idsPath, ids.Select(id => id.ToString("D")), ct);
        var scriptPath = Path.Combine(directory, "schedule-offer.lua");
        await File.WriteAllTextAsync(scriptPath, Script, ct);
        return scriptPath;
    }

    public static async Task<WrkResult> RunAsync(
        string wrk, string script, AppProcess app, int connections, TimeSpan duration, int firstId, DateTimeOffset scheduledFor,
        CancellationToken ct)
    {
        var info = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            "-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "-s", script,
            new Uri(app.BaseAddress, "schedule-offer").ToString(), "--",
            Path.Combine(Path.GetDirectoryName(script)!, "schedule-offer-ids.txt"), "2", app.ApiToken(),
            Majster.Core.Time.IsoInstant.Format(scheduledFor), firstId.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start wrk.");
        // Both at once: a Lua error is printed per request, and a full stderr pipe would stall wrk while stdout is read.
        var reading = process.StandardOutput.ReadToEndAsync(ct);
        var errors = await process.StandardError.ReadToEndAsync(ct);
        var output = await reading;
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {errors}");
        }

        return WrkResult.Parse(output);
    }

    /// <summary>
    /// Thread <c>tid</c> of <c>threads</c> sends ids <c>first + tid − 1</c>, <c>+ threads</c>, … (wrapping round), so
    /// the two threads never name the same row at once.
    /// </summary>
    private const string Script = """
        local count = 0
        function setup(thread)
          count = count + 1
          thread:set("tid", count)
        end
        function init(args)
          ids = {}
          for line in io.lines(args[1]) do ids[#ids + 1] = line end
          threads = tonumber(args[2])
          wrk.method = "POST"
          wrk.headers["Content-Type"] = "application/json"
          wrk.headers["Authorization"] = "Bearer " .. args[3]
          tail = '","scheduledFor":"' .. args[4] .. '"}'
          next_index = tonumber(args[5]) + tid - 1
        end
        function request()
          local id = ids[next_index % #ids + 1]
          next_index = next_index + threads
          return wrk.format(nil, nil, nil, '{"offerSendId":"' .. id .. tail)
        end
        """;
}
