using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Majster.Core.Offers;
using Majster.Tests.Support;

namespace Majster.Tests.Integration.Api;

/// <summary>The app with the cron's secret set, so that <c>/scheduler-worker</c> answers.</summary>
public sealed class ContractApiApp(PostgresCluster cluster) : ApiApp(cluster)
{
    public const string CronSecret = "cron-secret-for-the-contract-test";

    protected override IEnumerable<(string Key, string Value)> Settings => [("Scheduler:CronSecret", CronSecret)];
}

/// <summary>
/// Real answers against the OpenAPI document: every operation the document lists is called on a happy path and on
/// an error path, and every answer — status, media type, body — is what the document says it can be.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ResponsesMatchTheDocumentTests(ContractApiApp app) : IClassFixture<ContractApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryOperation_HappyAndErrorPaths_AnswerAsTheDocumentSays()
    {
        using var anonymous = app.Anonymous();
        var contract = new OpenApiContract(await anonymous.GetStringAsync("/openapi/v1.json", Ct));
        var recorded = new List<(string Operation, int Status, MediaTypeHeaderValue? ContentType, string Body)>();
        HttpClient Recording(string? token)
        {
            var client = app.Factory.CreateDefaultClient(new Recorder(contract, recorded));
            if (token is not null)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return client;
        }

        using var admin = Recording(Support.MajsterAppFactory.AdminApiToken);
        using var nobody = Recording(null);
        var staffUser = await app.CreateUserAsync();
        using var staff = Recording(staffUser.Token);

        await ExerciseUsersAndTokensAsync(admin, staff, nobody, staffUser, Recording);
        await ExerciseOffersAndSendsAsync(staff, nobody, staffUser);
        await ExerciseSchedulerAsync(nobody);
        await ExerciseSuppressionsAsync(admin, staff);
        await ExerciseSendingAsync(admin, staff, nobody);

        var problems = recorded.SelectMany(r => contract.Check(r.Operation, r.Status, r.ContentType, r.Body)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var untried = contract.Operations
            .Where(operation => !recorded.Any(r => r.Operation == operation && r.Status < 300) || !recorded.Any(r => r.Operation == operation && r.Status >= 400))
            .ToList();
        Assert.True(untried.Count == 0, "not called on both a happy and an error path: " + string.Join(", ", untried));
    }

    private async Task ExerciseUsersAndTokensAsync(HttpClient admin, HttpClient staff, HttpClient nobody, TestUser staffUser, Func<string?, HttpClient> recording)
    {
        var email = $"contract-{Guid.NewGuid():N}@tests.local";
        var created = await admin.PostAsJsonAsync("/api/users", new { email, password = "Staff-password-123" }, Ct);
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        await admin.PostAsJsonAsync("/api/users", new { email, password = "Staff-password-123" }, Ct);
        await admin.PostAsJsonAsync("/api/users", new { email = "x@example.com", password = "Staff-password-123", role = "Boss" }, Ct);
        await admin.PostAsync("/api/users", new StringContent("email=x", Encoding.UTF8, "text/plain"), Ct);
        await admin.PostAsync("/api/users", ApiApp.Json($"{{\"pad\": \"{new string('x', 70_000)}\"}}"), Ct);
        await staff.PostAsJsonAsync("/api/users", new { email, password = "Staff-password-123" }, Ct);

        // An admin issues a user's token from a signed-in session; with a bearer token it is refused (403).
        using var adminSession = recording(null);
        adminSession.DefaultRequestHeaders.Add("Cookie", await Security.TestCookies.SignedInAsync(app.Factory.Services, await app.AdminIdAsync()));
        var issued = await adminSession.PostAsJsonAsync($"/api/users/{userId}/tokens", new { name = "contract" }, Ct);
        var tokenId = (await issued.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        await adminSession.PostAsJsonAsync($"/api/users/{Guid.NewGuid()}/tokens", new { name = "contract" }, Ct);
        await admin.PostAsJsonAsync($"/api/users/{userId}/tokens", new { name = "contract" }, Ct);
        await admin.GetAsync($"/api/users/{userId}/tokens", Ct);
        await admin.GetAsync($"/api/users/{Guid.NewGuid()}/tokens", Ct);
        await admin.DeleteAsync($"/api/users/{userId}/tokens/{tokenId}", Ct);
        await admin.DeleteAsync($"/api/users/{staffUser.Id}/tokens/{tokenId}", Ct);
        await admin.GetAsync("/api/users", Ct);
        await staff.GetAsync("/api/users", Ct);
        await admin.PostAsync($"/api/users/{userId}/disable", null, Ct);
        await admin.PostAsync($"/api/users/{Guid.NewGuid()}/disable", null, Ct);
        await admin.PostAsync($"/api/users/{userId}/enable", null, Ct);
        await admin.PostAsync($"/api/users/{Guid.NewGuid()}/enable", null, Ct);

        // A token is issued from a signed-in session; a bearer token is refused (403).
        using var session = recording(null);
        session.DefaultRequestHeaders.Add("Cookie", await Security.TestCookies.SignedInAsync(app.Factory.Services, staffUser.Id));
        var own = await session.PostAsJsonAsync("/api/tokens", new { name = "laptop" }, Ct);
        await staff.PostAsJsonAsync("/api/tokens", new { name = "laptop" }, Ct);
        await staff.PostAsJsonAsync("/api/tokens", new { name = "" }, Ct);
        await staff.GetAsync("/api/tokens", Ct);
        await nobody.GetAsync("/api/tokens", Ct);
        await staff.DeleteAsync($"/api/tokens/{(await own.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid()}", Ct);
        await staff.DeleteAsync($"/api/tokens/{Guid.NewGuid()}", Ct);
    }

    private async Task ExerciseSuppressionsAsync(HttpClient admin, HttpClient staff)
    {
        await using (var db = Support.Database.CreateContext(app.ConnectionString))
        {
            db.Suppressions.Add(new Core.Inbound.Suppression { Address = "gone@example.com", Reason = "Hard bounce", Status = "5.1.1", CreatedAt = ApiApp.Now });
            await db.SaveChangesAsync(Ct);
        }

        await admin.GetAsync("/api/suppressions?q=gone", Ct);
        await staff.GetAsync("/api/suppressions", Ct);
        await admin.DeleteAsync("/api/suppressions/gone@example.com", Ct);
        await admin.DeleteAsync("/api/suppressions/gone@example.com", Ct);
    }

    private async Task ExerciseOffersAndSendsAsync(HttpClient staff, HttpClient nobody, TestUser staffUser)
    {
        var offer = await staff.PostAsJsonAsync("/api/offers", new
        {
            title = "Dach", clientName = "Jan", clientEmail = "jan@żółw.pl", totalAmount = 12.5m, currency = "PLN", language = "pl",
        }, Ct);
        var offerId = (await offer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        await staff.PostAsync("/api/offers", ApiApp.Json("{\"title\": \"Dach\"}"), Ct);
        await staff.GetAsync("/api/offers?page=1&pageSize=5", Ct);
        await staff.GetAsync("/api/offers?page=0", Ct);
        await staff.GetAsync($"/api/offers/{offerId}", Ct);
        await staff.GetAsync($"/api/offers/{Guid.NewGuid()}", Ct);

        async Task<Guid> SendAsync(object body)
        {
            var response = await staff.PostAsJsonAsync("/api/offer-sends", body, Ct);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        }

        var id = await SendAsync(new { offerId, scheduledFor = "2026-01-03T10:00:00.123456789Z" });
        await staff.PostAsJsonAsync("/api/offer-sends", new { offerId = Guid.NewGuid() }, Ct);
        await staff.PostAsJsonAsync("/api/offer-sends", new { offerId, scheduledFor = "2026-01-03T10:00:00" }, Ct);
        await staff.GetAsync("/api/offer-sends?status=scheduled", Ct);
        await staff.GetAsync("/api/offer-sends?status=done", Ct);
        await staff.GetAsync("/api/offer-sends/export?status=scheduled&from=2026-01-03&to=2026-01-03&sort=-scheduledFor", Ct);
        await staff.GetAsync("/api/offer-sends/export?sort=price", Ct);
        var detail = await staff.GetAsync($"/api/offer-sends/{id}", Ct);
        await staff.GetAsync($"/api/offer-sends/{Guid.NewGuid()}", Ct);

        await staff.PostAsJsonAsync("/schedule-offer", new { offerSendId = id, scheduledFor = "2026-01-04T10:00:00+01:00" }, Ct);
        await staff.PostAsJsonAsync("/schedule-offer", new { offerSendId = id }, Ct);
        await PostWithIfMatchAsync(staff, "/schedule-offer", new { offerSendId = id, scheduledFor = "2026-01-05T10:00:00Z" }, detail.Headers.ETag!.ToString());
        await staff.PostAsJsonAsync("/functions/v1/schedule-offer", new { offerSendId = id, scheduledFor = "2026-01-05T10:00:00Z" }, Ct);
        await staff.PostAsJsonAsync("/functions/v1/schedule-offer", new { offerSendId = Guid.NewGuid(), scheduledFor = "2026-01-05T10:00:00Z" }, Ct);

        await staff.PostAsync($"/api/offer-sends/{id}/cancel", null, Ct);
        await staff.PostAsync($"/api/offer-sends/{id}/cancel", null, Ct);
        await staff.PostAsync($"/api/offer-sends/{id}/retry", null, Ct);
        await staff.PostAsync($"/api/offer-sends/{id}/send-now", null, Ct);
        await staff.PostAsync($"/api/offer-sends/{Guid.NewGuid()}/send-now", null, Ct);
        await app.UpdateSendAsync(id, send =>
        {
            send.Status = OfferSendStatus.Failed;
            send.ErrorMessage = "550 No such user";
        });
        await staff.PostAsync($"/api/offer-sends/{id}/retry", null, Ct);
        await staff.GetAsync($"/api/offer-sends/{id}", Ct);

        await staff.GetAsync("/api/metrics", Ct);
        await nobody.GetAsync("/api/metrics", Ct);
    }

    private static async Task ExerciseSendingAsync(HttpClient admin, HttpClient staff, HttpClient nobody)
    {
        await staff.GetAsync("/api/sending", Ct);
        await nobody.GetAsync("/api/sending", Ct);
        await admin.PostAsync("/api/sending/pause", ApiApp.Json("""{"reason":"Price list"}"""), Ct);
        await admin.PostAsync("/api/sending/pause", ApiApp.Json("""{"until":"2000-01-01T00:00:00Z"}"""), Ct);
        await staff.PostAsync("/api/sending/resume", null, Ct);
        await admin.PostAsync("/api/sending/resume", null, Ct);
    }

    private static async Task ExerciseSchedulerAsync(HttpClient nobody)
    {
        foreach (var path in new[] { "/scheduler-worker", "/functions/v1/scheduler-worker" })
        {
            using var right = new HttpRequestMessage(HttpMethod.Post, path);
            right.Headers.Add("X-Cron-Secret", ContractApiApp.CronSecret);
            await nobody.SendAsync(right, Ct);
            using var wrong = new HttpRequestMessage(HttpMethod.Post, path);
            wrong.Headers.Add("X-Cron-Secret", "wrong");
            await nobody.SendAsync(wrong, Ct);
        }
    }

    private static async Task PostWithIfMatchAsync(HttpClient client, string path, object body, string ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        await client.SendAsync(request, Ct);
    }

    /// <summary>Records each answer with the operation the document gives its request.</summary>
    private sealed class Recorder(OpenApiContract contract, List<(string, int, MediaTypeHeaderValue?, string)> recorded) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var operation = contract.OperationFor(request.Method, request.RequestUri!.AbsolutePath)
                ?? throw new InvalidOperationException($"The document has no operation for {request.Method} {request.RequestUri.AbsolutePath}.");
            recorded.Add((operation, (int)response.StatusCode, response.Content.Headers.ContentType,
                await response.Content.ReadAsStringAsync(cancellationToken)));
            return response;
        }
    }
}
