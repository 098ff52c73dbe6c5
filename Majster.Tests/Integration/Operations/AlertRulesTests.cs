using System.Text.RegularExpressions;
using Majster.Tests.Support;

namespace Majster.Tests.Integration.Operations;

/// <summary>
/// <c>deploy/prometheus/alerts.yml</c> as an operator loads it: valid for Prometheus (<c>promtool check rules</c>),
/// each alert firing and staying quiet as <c>alerts.test.yml</c> says (<c>promtool test rules</c>), and each with a
/// summary and a runbook link to a section of docs/operations.md that exists.
/// </summary>
[Trait("Category", "Deployment")]
public sealed partial class AlertRulesTests
{
    public static readonly string Folder = Repository.PathOf(Path.Combine("deploy", "prometheus"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rules_PassPromtoolsCheck()
    {
        var output = await Tool.RunAsync("promtool check rules alerts.yml", Folder, Ct);

        Assert.Contains($"SUCCESS: {Alerts().Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_PassTheirUnitTests_OnSyntheticSeries()
    {
        var output = await Tool.RunAsync("promtool test rules alerts.test.yml", Folder, Ct);

        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryAlert_HasASummaryARunbookSectionThatExistsAndAUnitTest()
    {
        var headings = File.ReadAllLines(Repository.PathOf(Path.Combine("docs", "operations.md")))
            .Where(line => line.StartsWith('#'))
            .Select(line => line.TrimStart('#').Trim().ToLowerInvariant().Replace(' ', '-'))
            .ToHashSet(StringComparer.Ordinal);
        var tests = File.ReadAllText(Path.Combine(Folder, "alerts.test.yml"));

        Assert.Equal(9, Alerts().Count);
        Assert.All(Alerts(), alert =>
        {
            Assert.Matches(@"\n\s+summary: ""[^""]{10,}""", alert.Body);
            var anchor = RunbookUrl().Match(alert.Body);
            Assert.True(anchor.Success, $"{alert.Name} has no runbook_url into the installed docs/operations.md.");
            Assert.Contains(anchor.Groups[1].Value, headings);
            Assert.Contains($"alertname: {alert.Name}\n", tests, StringComparison.Ordinal);
        });
    }

    /// <summary>The metric names the rules' expressions read.</summary>
    public static IReadOnlySet<string> MetricsUsed() =>
        Alerts().SelectMany(alert => MetricName().Matches(alert.Expression).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Each rule of alerts.yml: its name, its expression and the whole of its text.</summary>
    private static List<(string Name, string Expression, string Body)> Alerts()
    {
        var text = File.ReadAllText(Path.Combine(Folder, "alerts.yml"));
        var starts = AlertStart().Matches(text).ToList();
        return [.. starts.Select((start, i) =>
        {
            var body = text[start.Index..(i + 1 < starts.Count ? starts[i + 1].Index : text.Length)];
            var expression = body[body.IndexOf("expr:", StringComparison.Ordinal)..body.IndexOf("labels:", StringComparison.Ordinal)];
            return (start.Groups[1].Value, expression, body);
        })];
    }

    [GeneratedRegex(@"- alert: (\w+)")]
    private static partial Regex AlertStart();

    [GeneratedRegex(@"runbook_url: ""file:///usr/share/doc/majster/operations\.md#([a-z0-9-]+)""")]
    private static partial Regex RunbookUrl();

    [GeneratedRegex(@"\bmajster_[a-z_]+\b")]
    private static partial Regex MetricName();
}
