using Majster.Tests.Support;

namespace Majster.Tests.Deployment;

/// <summary><c>dotnet publish Majster.Admin -c Release</c> into a temporary folder, once per test run, as an operator publishes it.</summary>
public static class PublishedApp
{
    private static readonly Lazy<Task<string>> Folder = new(PublishAsync);

    /// <summary>The published app's <c>Majster.Admin.dll</c>.</summary>
    public static async Task<string> DllAsync() => Path.Combine(await Folder.Value, "Majster.Admin.dll");

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "majster-published-" + Guid.NewGuid().ToString("N")[..8]);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await Tool.RunAsync($"dotnet publish Majster.Admin/Majster.Admin.csproj -c Release -o '{output}' --nologo", Repository.Root, deadline.Token);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(output);
        return output;
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temporary folder; nothing depends on it.
        }
    }
}
