using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Core.Inbound;
using Majster.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Majster.Tests.Integration.Api;

/// <summary>
/// <c>delivery</c>, the list's filter by what came back for a send (the dashboard's Bounces card opens
/// <c>delivery=bounced</c>): the list and the export read it alike, the document lists its values, and an unknown value
/// is a 400 ProblemDetails. The bounce and the reply are read by the app's own recorder.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeliveryFilterTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListAndExport_WithDeliveryBounced_HoldOnlyTheBouncedSends()
    {
        var staff = await app.CreateUserAsync();
        var bounced = await app.CreateSendAsync(staff, new { subject = "Bounced" });
        var replied = await app.CreateSendAsync(staff, new { subject = "Replied" });
        await app.CreateSendAsync(staff, new { subject = "Nothing came back" });
        await RecordAsync(BounceFixtures.Postfix(bounced), bounced);
        await RecordAsync(BounceFixtures.Reply(replied), replied);

        Assert.Equal([bounced], await IdsAsync(staff, "/api/offer-sends?delivery=bounced"));
        Assert.Equal([replied], await IdsAsync(staff, "/api/offer-sends?delivery=replied"));
        Assert.Equal(3, (await IdsAsync(staff, "/api/offer-sends")).Count);
        Assert.Equal([], await IdsAsync(staff, "/api/offer-sends?delivery=bounced&status=failed"));

        var export = await staff.Client.GetStringAsync("/api/offer-sends/export?delivery=bounced", Ct);
        Assert.Contains(bounced.ToString(), export, StringComparison.Ordinal);
        Assert.DoesNotContain(replied.ToString(), export, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/offer-sends?delivery=bounce")]
    [InlineData("/api/offer-sends?delivery=Bounced")]
    [InlineData("/api/offer-sends/export?delivery=sent")]
    public async Task AnUnknownDelivery_IsA400ProblemThatNamesTheValues(string path)
    {
        var staff = await app.CreateUserAsync();

        var error = await Problems.AssertAsync(await staff.Client.GetAsync(path, Ct), HttpStatusCode.BadRequest);

        Assert.Equal("delivery must be one of bounced, delayed, autoReplied, replied.", error);
    }

    [Fact]
    public async Task TheDocument_DescribesDelivery_WithItsValues()
    {
        using var client = app.Anonymous();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);

        foreach (var path in new[] { "/api/offer-sends", "/api/offer-sends/export" })
        {
            var parameter = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
                .Single(p => p.GetProperty("name").GetString() == "delivery");
            Assert.Equal("query", parameter.GetProperty("in").GetString());
            Assert.Equal(["bounced", "delayed", "autoReplied", "replied"],
                parameter.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        }
    }

    private async Task RecordAsync(string message, Guid sendId)
    {
        var send = await app.ReadSendAsync(sendId);
        var recorder = app.Factory.Services.GetRequiredService<InboundMessageRecorder>();
        await recorder.RecordAsync(InboundMessageReading.Read(BounceFixtures.Parse(message.Replace(BounceFixtures.Client, send.ClientEmail))), Ct);
    }

    private static async Task<List<Guid>> IdsAsync(TestUser user, string path)
    {
        var page = await user.Client.GetFromJsonAsync<JsonElement>(path, Ct);
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }
}
