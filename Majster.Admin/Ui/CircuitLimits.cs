using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Ui;

/// <summary>
/// The <c>Circuits</c> section: how many open admin-UI pages (Blazor circuits) one instance serves, and how long a
/// page whose connection dropped keeps its state for a reconnect. Each open page holds its state in this process.
/// </summary>
public sealed class CircuitLimits
{
    public const string Section = "Circuits";

    /// <summary>Open pages this instance serves at once; a page beyond it is answered 503 and can retry.</summary>
    [Range(1, 100_000)]
    public int MaxPerInstance { get; set; } = 1_000;

    /// <summary>How long a disconnected page's state is kept for it to reconnect to.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DisconnectedRetention { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How many disconnected pages' states are kept at most (the oldest go first).</summary>
    [Range(0, 100_000)]
    public int DisconnectedMaxRetained { get; set; } = 100;
}

/// <summary>The pages (circuits) open in this process, counted as they open and close.</summary>
public sealed class OpenCircuits
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    internal void Opened() => Interlocked.Increment(ref _count);

    internal void Closed() => Interlocked.Decrement(ref _count);
}

internal sealed class OpenCircuitsHandler(OpenCircuits circuits) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.Opened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.Closed();
        return Task.CompletedTask;
    }
}

internal static class CircuitLimitsExtensions
{
    private const string Negotiate = "/_blazor/negotiate";
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddCircuitLimits(this IServiceCollection services)
    {
        services.AddOptions<CircuitLimits>().BindConfiguration(CircuitLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CircuitOptions>().Configure<IOptions<CircuitLimits>>((circuit, limits) =>
        {
            circuit.DisconnectedCircuitRetentionPeriod = limits.Value.DisconnectedRetention;
            circuit.DisconnectedCircuitMaxRetained = limits.Value.DisconnectedMaxRetained;
        });
        services.AddSingleton<OpenCircuits>();
        services.AddScoped<CircuitHandler, OpenCircuitsHandler>();
        return services;
    }

    /// <summary>A new page's connection is refused (503, Retry-After) while the instance serves its maximum.</summary>
    public static IApplicationBuilder UseCircuitLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments(Negotiate)
            && context.RequestServices.GetRequiredService<OpenCircuits>().Count
                >= context.RequestServices.GetRequiredService<IOptions<CircuitLimits>>().Value.MaxPerInstance)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return;
        }

        await next(context);
    });
}
