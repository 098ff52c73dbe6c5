using System.Diagnostics;

namespace Majster.Tests.Deployment;

/// <summary>
/// <c>dotnet publish Majster.Admin -c Release</c> into a temporary folder, once per test run, as an operator publishes it;
/// and the repository's own files (<c>deploy/</c>).
/// </summary>
public static class PublishedApp
{
    private static readonly Lazy<Task<string>> Folder = new(PublishAsync);

    /// <summary>The repository's root (the folder of <c>Majster.sln</c>).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The published app's <c>Majster.Admin.dll</c>.</summary>
    public static async Task<string> DllAsync() => Path.Combine(await Folder.Value, "Majster.Admin.dll");

    /// <summary>A file of the repository, read as text (<c>deploy/nginx/majster.conf</c>, say).</summary>
    public static string ReadRepositoryFile(string relativePath) => File.ReadAllText(Path.Combine(RepositoryRoot, relativePath));

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "majster-published-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", "Majster.Admin/Majster.Admin.csproj", "-c", "Release", "-o", output, "--nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return output;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Majster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Majster.sln was not found above " + AppContext.BaseDirectory);
    }
}
