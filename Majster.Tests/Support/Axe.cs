using System.Text.Json;
using Microsoft.Playwright;

namespace Majster.Tests.Support;

/// <summary>axe-core (from <c>tools/npm</c>) injected into a page, reporting what blocks or badly hinders people.</summary>
public static class Axe
{
    /// <summary>Each critical or serious violation on the page as "rule (impact): selectors", none when it is clean.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        // Evaluated through the DevTools protocol, which the app's Content-Security-Policy (script-src 'self') allows.
        await page.EvaluateAsync(await File.ReadAllTextAsync(NpmTools.File("axe-core/axe.min.js")) + "\n;true");
        var json = await page.EvaluateAsync<string>("""
            async () => JSON.stringify((await axe.run(document, { resultTypes: ['violations'] })).violations
                .filter(v => v.impact === 'critical' || v.impact === 'serious')
                .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`))
            """);
        return JsonSerializer.Deserialize<string[]>(json) ?? [];
    }
}
