namespace Majster.Tests.Support;

/// <summary>
/// The JavaScript tools the tests run, installed from <c>tools/npm/package-lock.json</c> by <c>npm ci</c> (which
/// <c>.ci/run</c> does): the Supabase client the original frontend uses, and the OpenAPI linter. A missing tool fails
/// the test that needs it, with what to run.
/// </summary>
public static class NpmTools
{
    /// <summary>The repository's <c>tools/npm</c> folder, found upwards from the test binaries.</summary>
    public static string Folder { get; } = FindFolder();

    /// <summary>The full path of a file under <c>tools/npm/node_modules</c>; throws, saying what to run, when it is not installed.</summary>
    public static string File(string pathUnderNodeModules)
    {
        var path = Path.Combine(Folder, "node_modules", pathUnderNodeModules);
        return System.IO.File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is not installed: run `npm ci` in {Folder} (.ci/run does).", path);
    }

    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tools", "npm");
            if (System.IO.File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No tools/npm/package.json above {AppContext.BaseDirectory}.");
    }
}
