using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Majster.Core.Offers;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Majster.Tests.Integration.Api;

/// <summary>
/// The app on its own database with a pinned clock (2026-01-02T10:00:00Z, the day before the runbook's example),
/// and helpers that create the users, offers and sends a test needs through the API itself.
/// </summary>
public class ApiApp(PostgresCluster cluster) : AppFixture(cluster)
{
    public static readonly DateTimeOffset Now = new(2026, 1, 2, 10, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Now);

    /// <summary>Configuration a class's app needs beyond the test defaults (key, value).</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings => [];

    protected override void Configure(MajsterAppFactory factory)
    {
        factory.WithServices(services => services.AddSingleton<TimeProvider>(Clock));
        foreach (var (key, value) in Settings)
        {
            factory.WithSetting(key, value);
        }
    }

    public HttpClient Anonymous() => Factory.CreateClient();

    public HttpClient WithToken(string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Admin() => WithToken(MajsterAppFactory.AdminApiToken);

    /// <summary>The bootstrap admin's user id.</summary>
    public async Task<Guid> AdminIdAsync()
    {
        await using var db = Database.CreateContext(ConnectionString);
        return await db.Users.Where(u => u.Email == MajsterAppFactory.AdminEmail).Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The admin's signed-in browser session: tokens are issued from a session, never with a token.</summary>
    public async Task<HttpClient> AdminSessionAsync() => await Security.TestCookies.SessionAsync(Factory, await AdminIdAsync());

    /// <summary>A new user (Staff unless told) with a token, made by the admin through the API.</summary>
    public async Task<TestUser> CreateUserAsync(string role = "Staff")
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = Admin();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@tests.local";
        var created = await admin.PostAsJsonAsync("/api/users", new { email, password = "Staff-password-123", role }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        using var session = await AdminSessionAsync();
        var issued = await session.PostAsJsonAsync($"/api/users/{id}/tokens", new { name = "tests" }, ct);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("token").GetString()!;
        return new TestUser(id, email, token, WithToken(token));
    }

    public async Task<Guid> CreateOfferAsync(TestUser user, string clientEmail = "client@example.com", string language = "pl")
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await user.Client.PostAsJsonAsync("/api/offers", new
        {
            title = "Kitchen renovation",
            clientName = "Jan Kowalski",
            clientEmail,
            totalAmount = 12500.50m,
            currency = "PLN",
            language,
        }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
    }

    /// <summary>A pending send of a new offer owned by <paramref name="user"/>.</summary>
    public async Task<Guid> CreateSendAsync(TestUser user, object? extra = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var offerId = await CreateOfferAsync(user);
        var body = JsonSerializer.SerializeToElement(extra ?? new { });
        var fields = body.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        fields["offerId"] = offerId;
        var response = await user.Client.PostAsJsonAsync("/api/offer-sends", fields, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
    }

    public async Task<OfferSend> ReadSendAsync(Guid id)
    {
        await using var db = Database.CreateContext(ConnectionString);
        return await db.OfferSends.AsNoTracking().SingleAsync(s => s.Id == id, TestContext.Current.CancellationToken);
    }

    public async Task<List<OfferSendEvent>> ReadEventsAsync(Guid id)
    {
        await using var db = Database.CreateContext(ConnectionString);
        return await db.OfferSendEvents.AsNoTracking().Where(e => e.OfferSendId == id).OrderBy(e => e.Id)
            .ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Changes a row directly, as the engine would (e.g. marks it sent or failed, or leases it).</summary>
    public async Task UpdateSendAsync(Guid id, Action<OfferSend> change)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Database.CreateContext(ConnectionString);
        var send = await db.OfferSends.SingleAsync(s => s.Id == id, ct);
        change(send);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Everything stored about a send (row and audit trail), to compare before and after a refused request.</summary>
    public async Task<string> SnapshotAsync(Guid id)
    {
        var send = await ReadSendAsync(id);
        var events = await ReadEventsAsync(id);
        return JsonSerializer.Serialize(new { send, events = events.Count });
    }

    public static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");
}

/// <summary>A user made for one test, with an HTTP client that carries its token.</summary>
public sealed record TestUser(Guid Id, string Email, string Token, HttpClient Client);
