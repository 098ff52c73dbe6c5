namespace Majster.Tests.Support;

/// <summary>The checkout the tests were built from: the folder above the test output that holds <c>Majster.sln</c>.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Majster.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Majster.sln above {AppContext.BaseDirectory}.");
    }
}
