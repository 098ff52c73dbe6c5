namespace Majster.Admin;

/// <summary>Where the app finds its files and which address it listens on when the operator says nothing.</summary>
internal static class AppHostDefaults
{
    /// <summary>The address when neither <c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c> nor Kestrel endpoints choose one.</summary>
    public const string Url = "http://localhost:5080";

    /// <summary>
    /// The published app (its <c>wwwroot</c> beside its dll) is its own content root, whatever folder it is started from
    /// (a service manager starts it in <c>/</c>); a content root given by <c>--contentRoot</c> or
    /// <c>ASPNETCORE_CONTENTROOT</c> wins. Under <c>dotnet run</c> the content root stays the project's folder.
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var given = args.Any(arg => arg.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        var published = Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        return new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = !given && published ? AppContext.BaseDirectory : null,
        };
    }

    /// <summary>Listens on <see cref="Url"/> unless the configuration names an address or a port.</summary>
    public static void UseDefaultUrl(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var chosen = !string.IsNullOrEmpty(configuration["urls"])
            || !string.IsNullOrEmpty(configuration["http_ports"])
            || !string.IsNullOrEmpty(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!chosen)
        {
            builder.WebHost.UseUrls(Url);
        }
    }
}
