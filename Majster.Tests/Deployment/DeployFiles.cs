using Majster.Tests.Support;

namespace Majster.Tests.Deployment;

/// <summary>The example deployment shipped in <c>deploy/</c>, read as an operator's tools read it.</summary>
public static class DeployFiles
{
    public const string NginxSite = "deploy/nginx/majster.conf";
    public const string SystemdUnit = "deploy/systemd/majster@.service";
    public const string EnvironmentFile = "deploy/systemd/majster.env";

    /// <summary>
    /// <paramref name="text"/> with each key of <paramref name="replacements"/> replaced by its value; a key that is not in
    /// the text fails the test, so the shipped file and what the test runs cannot drift apart unnoticed.
    /// </summary>
    public static string Render(string text, IReadOnlyDictionary<string, string> replacements)
    {
        foreach (var (from, to) in replacements)
        {
            Assert.True(text.Contains(from, StringComparison.Ordinal), $"The shipped file no longer contains '{from}'.");
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary><c>KEY=value</c> lines of the shipped environment file (comments and blank lines skipped).</summary>
    public static Dictionary<string, string> Environment() => KeyValues(
        File.ReadAllText(Repository.PathOf(EnvironmentFile)).Split('\n'));

    /// <summary>The unit's <c>ExecStart</c>, split into words.</summary>
    public static IReadOnlyList<string> ExecStart() =>
        UnitValues("ExecStart").Single().Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The unit's <c>Environment=</c> settings for instance <paramref name="instance"/> (<c>%i</c>) on <paramref name="host"/> (<c>%H</c>).</summary>
    public static Dictionary<string, string> UnitEnvironment(string instance, string host) => KeyValues(
        UnitValues("Environment").Select(line => line.Replace("%i", instance, StringComparison.Ordinal).Replace("%H", host, StringComparison.Ordinal)));

    private static IEnumerable<string> UnitValues(string key) =>
        File.ReadAllText(Repository.PathOf(SystemdUnit)).Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith(key + "=", StringComparison.Ordinal))
            .Select(line => line[(key.Length + 1)..]);

    private static Dictionary<string, string> KeyValues(IEnumerable<string> lines) => lines
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.Split('=', 2))
        .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}
