using Majster.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Majster.Tests.Support;

/// <summary>
/// A browser app on an origin of its own (<c>http://localhost:{port}</c>, while the app is on 127.0.0.1), as the
/// original frontend is: one page that loads supabase-js — the npm package's browser build, served from here — and
/// calls the API through it.
/// </summary>
public sealed class ClientSite : IAsyncDisposable
{
    /// <summary>The page: <c>window.invokeFunction(url, token, name, body)</c> calls <c>functions.invoke</c> and returns what it gave.</summary>
    private const string Page = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Majster client</title><script src="/supabase.js"></script></head>
        <body>
        <h1>Majster client</h1>
        <script>
          window.invokeFunction = async (url, token, name, body) => {
            const client = supabase.createClient(url, token, { auth: { persistSession: false, autoRefreshToken: false } });
            const { data, error } = await client.functions.invoke(name, { body });
            return { data, error: error ? { name: error.name, message: error.message, status: error.context?.status ?? null } : null };
          };
        </script>
        </body>
        </html>
        """;

    private readonly WebApplication _site;

    private ClientSite(WebApplication site, string origin)
    {
        _site = site;
        Origin = origin;
    }

    public string Origin { get; }

    public static async Task<ClientSite> StartAsync(CancellationToken cancellationToken)
    {
        var supabaseJs = NpmTools.File("@supabase/supabase-js/dist/umd/supabase.js");
        var port = LoopbackPorts.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        builder.Logging.ClearProviders();
        var site = builder.Build();
        site.MapGet("/", () => Results.Content(Page, "text/html; charset=utf-8"));
        site.MapGet("/supabase.js", () => Results.File(supabaseJs, "text/javascript; charset=utf-8"));
        await site.StartAsync(cancellationToken);
        return new ClientSite(site, $"http://localhost:{port}");
    }

    public async ValueTask DisposeAsync() => await _site.DisposeAsync();
}
