using System.Net;
using Majster.Admin.Ui;
using Majster.Tests.Support;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Majster.Tests.Integration.Operations;

/// <summary>The limits an operator sets on open admin-UI pages (Blazor circuits) per instance.</summary>
[Trait("Category", "Integration")]
public sealed class CircuitLimitsTests(CircuitLimitsTests.App app) : IClassFixture<CircuitLimitsTests.App>
{
    public sealed class App(PostgresCluster cluster) : AppFixture(cluster)
    {
        protected override void Configure(MajsterAppFactory factory) => factory
            .WithSetting("Circuits:MaxPerInstance", "2")
            .WithSetting("Circuits:DisconnectedRetention", "00:00:45")
            .WithSetting("Circuits:DisconnectedMaxRetained", "7");
    }

    [Fact]
    public void Settings_ReachBlazorsCircuitOptions()
    {
        var options = app.Factory.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        Assert.Equal((TimeSpan.FromSeconds(45), 7), (options.DisconnectedCircuitRetentionPeriod, options.DisconnectedCircuitMaxRetained));
    }

    [Fact]
    public async Task ANewPage_IsRefused503WithRetryAfter_WhileTheInstanceServesItsMaximum_AndServedOnceOneCloses()
    {
        var circuits = app.Factory.Services.GetRequiredService<OpenCircuits>();
        using var client = app.Factory.CreateClient();
        circuits.Opened();
        circuits.Opened();
        try
        {
            using var full = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null, TestContext.Current.CancellationToken);
            circuits.Closed();
            using var room = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null, TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(30), full.Headers.RetryAfter?.Delta);
            Assert.Equal(HttpStatusCode.OK, room.StatusCode);
        }
        finally
        {
            circuits.Closed();
        }
    }
}
