using System.Net;
using Majster.Core.Accounts;
using Majster.Tests.Support;

namespace Majster.Tests.Integration.Api;

/// <summary><c>Api:RateLimitPerMinute</c> = 3: the fourth call within the minute is 429 with Retry-After; tokens are limited apart.</summary>
[Trait("Category", "Integration")]
public sealed class RateLimitTests(RateLimitTests.TinyLimitApp app) : IClassFixture<RateLimitTests.TinyLimitApp>
{
    public sealed class TinyLimitApp(PostgresCluster cluster) : ApiApp(cluster)
    {
        protected override void Configure(MajsterAppFactory factory)
        {
            base.Configure(factory);
            factory.WithSetting("Api:RateLimitPerMinute", "3");
        }
    }

    [Fact]
    public async Task FourthCallInAMinute_IsRefusedWithRetryAfter_WhileAnotherTokenStillPasses()
    {
        var ct = TestContext.Current.CancellationToken;
        var users = await IssueTwoTokensAsync(ct);

        for (var call = 0; call < 3; call++)
        {
            Assert.Equal(HttpStatusCode.OK, (await users.First.GetAsync("/api/offers", ct)).StatusCode);
        }

        var refused = await users.First.GetAsync("/api/offers", ct);

        await Problems.AssertAsync(refused, HttpStatusCode.TooManyRequests);
        var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await users.Second.GetAsync("/api/offers", ct)).StatusCode);
    }

    /// <summary>Two tokens made without going through the limited API (which the admin's own calls would use up).</summary>
    private async Task<(HttpClient First, HttpClient Second)> IssueTwoTokensAsync(CancellationToken ct)
    {
        await using var db = Database.CreateContext(app.ConnectionString);
        var admin = db.Users.Single(u => u.Email == MajsterAppFactory.AdminEmail);
        var first = ApiToken.NewPlaintext();
        var second = ApiToken.NewPlaintext();
        foreach (var token in new[] { first, second })
        {
            db.ApiTokens.Add(new ApiToken { Name = "rate", TokenHash = ApiToken.Hash(token), UserId = admin.Id, CreatedAt = ApiApp.Now });
        }

        await db.SaveChangesAsync(ct);
        return (app.WithToken(first), app.WithToken(second));
    }
}
