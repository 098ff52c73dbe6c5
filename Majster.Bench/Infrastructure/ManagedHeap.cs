using System.Globalization;

namespace Majster.Bench.Infrastructure;

/// <summary>
/// The app's managed heap in MiB. With <c>dotnet-gcdump</c> (a global tool in <c>~/.dotnet/tools</c> or on the PATH)
/// it is the live objects after the full collection a heap dump forces, and the dumps stay in the work folder for
/// <c>dotnet-gcdump report</c>; without it, the runtime's gauges at <c>/metrics</c> after whatever collection ran last.
/// </summary>
internal sealed class ManagedHeap
{
    private readonly string? _gcdump;
    private readonly string _folder;

    private ManagedHeap(string? gcdump, string folder)
    {
        _gcdump = gcdump;
        _folder = folder;
    }

    /// <summary>How the figures are taken, for the report.</summary>
    public string Method => _gcdump is null
        ? "/metrics after the last (unforced) collection; install dotnet-gcdump for live objects after a full one"
        : $"live objects after a full collection (dotnet-gcdump; dumps in {_folder})";

    public static ManagedHeap Find(string workDirectory)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var gcdump = new[] { Path.Combine(home, ".dotnet", "tools") }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            .Select(folder => Path.Combine(folder, "dotnet-gcdump"))
            .FirstOrDefault(File.Exists);
        var folder = Path.Combine(workDirectory, "gcdumps");
        Directory.CreateDirectory(folder);
        return new ManagedHeap(gcdump, folder);
    }

    public async Task<double> MiBAsync(AppProcess app, string label, CancellationToken cancellationToken)
    {
        if (_gcdump is null)
        {
            return await app.ManagedHeapMiBAsync(cancellationToken);
        }

        var dump = Path.Combine(_folder, $"{label}-{app.ProcessId}.gcdump");
        await ChildCommand.RunAsync(_gcdump, ["collect", "-p", app.ProcessId.ToString(CultureInfo.InvariantCulture), "-o", dump], cancellationToken);
        var report = await ChildCommand.RunAsync(_gcdump, ["report", dump], cancellationToken);
        // The report's first figure line: "  123,456,789  GC Heap bytes".
        var total = report.Split('\n').Select(line => line.Trim())
            .FirstOrDefault(line => line.EndsWith("GC Heap bytes", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"dotnet-gcdump report has no total:\n{report}");
        return long.Parse(total.Split(' ', 2)[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture) / (1024.0 * 1024);
    }
}
