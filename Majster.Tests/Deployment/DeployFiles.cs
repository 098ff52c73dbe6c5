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

    /// <summary>
    /// <c>KEY="value"</c> lines of an environment file (the shipped one by default) as systemd's <c>EnvironmentFile=</c>
    /// reads them: comments and blank lines skipped, the quotes around a value removed.
    /// </summary>
    public static Dictionary<string, string> Environment(string? path = null) => KeyValues(
        File.ReadAllText(path ?? Repository.PathOf(EnvironmentFile)).Split('\n'))
        .ToDictionary(pair => pair.Key, pair => Unquoted(pair.Value), StringComparer.Ordinal);

    /// <summary>The unit's <c>ExecStart</c>, split into words.</summary>
    public static IReadOnlyList<string> ExecStart(string? unit = null) =>
        UnitValues("ExecStart", unit).Single().Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The unit's one <paramref name="key"/> setting (<c>WatchdogSec</c>, say).</summary>
    public static string UnitValue(string key, string? unit = null) => UnitValues(key, unit).Single();

    /// <summary>The unit's <c>EnvironmentFile=</c>, as written in it.</summary>
    public static string UnitEnvironmentFile(string? unit = null) => UnitValues("EnvironmentFile", unit).Single();

    /// <summary>The unit's <c>Environment=</c> settings for instance <paramref name="instance"/> (<c>%i</c>) on <paramref name="host"/> (<c>%H</c>).</summary>
    public static Dictionary<string, string> UnitEnvironment(string instance, string host, string? unit = null) => KeyValues(
        UnitValues("Environment", unit).Select(line => line.Replace("%i", instance, StringComparison.Ordinal).Replace("%H", host, StringComparison.Ordinal)));

    /// <summary>
    /// What systemd gives instance <paramref name="instance"/>: the unit's <c>Environment=</c> lines, overridden by the
    /// <c>EnvironmentFile=</c> (systemd lets the file win), read from <paramref name="environmentFile"/>.
    /// </summary>
    public static Dictionary<string, string> InstanceEnvironment(string instance, string host, string? unit = null, string? environmentFile = null)
    {
        var settings = UnitEnvironment(instance, host, unit);
        foreach (var (key, value) in Environment(environmentFile))
        {
            settings[key] = value;
        }

        return settings;
    }

    private static IEnumerable<string> UnitValues(string key, string? unit) =>
        File.ReadAllText(unit ?? Repository.PathOf(SystemdUnit)).Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith(key + "=", StringComparison.Ordinal))
            .Select(line => line[(key.Length + 1)..]);

    private static string Unquoted(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private static Dictionary<string, string> KeyValues(IEnumerable<string> lines) => lines
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.Split('=', 2))
        .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}
