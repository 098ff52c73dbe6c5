using System.Net;
using Majster.Admin.Auth;
using Majster.Core.Accounts;
using Majster.Core.Data;
using Majster.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Majster.Tests.Integration;

/// <summary>The app started on an empty database: it migrates, bootstraps, serves health and the UI, guards Hangfire.</summary>
[Trait("Category", "Integration")]
public sealed class HostTests(HostTests.EmptyDatabaseApp app, PostgresCluster cluster) : IClassFixture<HostTests.EmptyDatabaseApp>
{
    public sealed class EmptyDatabaseApp(PostgresCluster cluster) : AppFixture(cluster)
    {
        protected override bool StartMigrated => false;
    }

    [Theory]
    [InlineData("/health", "Healthy")]
    [InlineData("/health/live", "Healthy")]
    [InlineData("/health/ready", "{\"status\":\"Healthy\",")]
    public async Task Health_AnswersHealthy(string path, string body)
    {
        using var client = app.Factory.CreateClient();

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(body, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_AppliesEveryMigrationAndCreatesHangfiresSchema_WhenTheDatabaseIsEmpty()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Database.CreateContext(app.ConnectionString);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync(ct));
        var hangfireTables = await db.Database
            .SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM information_schema.tables WHERE table_schema = 'hangfire'")
            .SingleAsync(ct);
        Assert.True(hangfireTables >= 10, $"expected Hangfire's tables, found {hangfireTables}");
    }

    [Fact]
    public async Task Startup_EnsuresTheBootstrapAdminAndStoresOnlyTheTokensHash()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MajsterUser>>();
        var db = scope.ServiceProvider.GetRequiredService<MajsterDbContext>();

        var admin = await users.FindByEmailAsync(MajsterAppFactory.AdminEmail);

        Assert.NotNull(admin);
        Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
        Assert.True(await users.CheckPasswordAsync(admin, MajsterAppFactory.AdminPassword));
        var token = await db.ApiTokens.SingleAsync(t => t.UserId == admin.Id, ct);
        Assert.Equal(ApiToken.Hash(MajsterAppFactory.AdminApiToken), token.TokenHash);
        Assert.DoesNotContain(MajsterAppFactory.AdminApiToken, token.TokenHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_ServesTheAdminUi()
    {
        using var client = app.Factory.CreateClient();

        var html = await client.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("Majster Admin", html, StringComparison.Ordinal);
        Assert.Matches(@"href=""_content/MudBlazor/MudBlazor\.min\.\w+\.css""", html);
    }

    [Fact]
    public async Task HangfireDashboard_SendsAnonymousVisitorsToLogin()
    {
        using var client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/hangfire", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_Refuses_WhenTheDevelopmentSecretsAreUsedInProduction()
    {
        var connectionString = await cluster.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var production = new MajsterAppFactory(connectionString)
            .WithSetting("environment", "Production")
            .WithSetting("Bootstrap:AdminPassword", BootstrapOptions.DevelopmentPassword);

        var error = Assert.Throws<OptionsValidationException>(() => production.StartServer());

        Assert.Contains("development admin password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_Refuses_NamingTheKey_WhenTheDkimKeyCannotBeRead()
    {
        var connectionString = await cluster.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        var key = Path.Combine(Path.GetTempPath(), $"majster-missing-{Guid.NewGuid():N}.pem");
        await using var app = new MajsterAppFactory(connectionString)
            .WithSetting("Smtp:Dkim:Domain", "majster.example")
            .WithSetting("Smtp:Dkim:Selector", "offers")
            .WithSetting("Smtp:Dkim:PrivateKeyPath", key);

        var error = Assert.Throws<OptionsValidationException>(() => app.StartServer());

        Assert.Contains($"Smtp:Dkim:PrivateKeyPath '{key}' cannot be read", error.Message, StringComparison.Ordinal);
    }
}
