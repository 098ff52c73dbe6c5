using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsvHelper;
using Majster.Core.Offers;

namespace Majster.Tests.Integration.Api;

/// <summary>
/// <c>GET /api/offer-sends/export</c>: the list's filter as a CSV that a real CSV reader reads back exactly, with a
/// byte-order mark, instants in the person's zone and in UTC, no formula, and only the caller's own sends.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OfferSendExportTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_ReadsBackThroughACsvReader_WithPolishLettersQuotesCommasLineBreaksAndAFormulaNeutralised()
    {
        var staff = await app.CreateUserAsync();
        var subject = "Wycena: \"łazienka\", żółć, Łódź";
        var formula = "=HYPERLINK(\"http://evil.example\",\"Kliknij\")";
        var id = await app.CreateSendAsync(staff, new { subject, clientName = "Zażółć Gęślą", scheduledFor = "2026-07-01T08:30:00Z" });
        var formulaId = await app.CreateSendAsync(staff, new { subject = formula });
        var error = "Line one, with a comma\nline two \"quoted\"";
        await app.UpdateSendAsync(id, s => s.ErrorMessage = error);

        var response = await staff.Client.GetAsync("/api/offer-sends/export", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Contains("offer-sends.csv", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var rows = Read(bytes);
        Assert.Equal(2, rows.Count);

        var row = rows.Single(r => r["id"] == id.ToString());
        Assert.Equal(subject, row["subject"]);
        Assert.Equal("Zażółć Gęślą", row["clientName"]);
        Assert.Equal(error, row["errorMessage"]);
        Assert.Equal("scheduled", row["status"]);
        // 1 July in Warsaw is summer time: the person's wall clock with its offset, then UTC.
        Assert.Equal("2026-07-01T10:30:00+02:00", row["scheduledFor"]);
        Assert.Equal("2026-07-01T08:30:00.000Z", row["scheduledForUtc"]);
        Assert.Equal("", row["processedAt"]);

        var neutralised = rows.Single(r => r["id"] == formulaId.ToString())["subject"];
        Assert.Equal("'" + formula, neutralised);
    }

    [Fact]
    public async Task Export_HoldsAsManyRowsAsTheListTotals_ForTheSameFilter_AndOnlyTheCallersOwn()
    {
        var staff = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        for (var i = 0; i < 3; i++)
        {
            await app.CreateSendAsync(staff, new { scheduledFor = $"2026-03-0{i + 1}T09:00:00Z" });
        }

        await app.CreateSendAsync(staff);
        await app.CreateSendAsync(other, new { scheduledFor = "2026-03-02T09:00:00Z" });

        const string filter = "status=scheduled&from=2026-03-01&to=2026-03-02&sort=scheduledFor";
        var list = await staff.Client.GetFromJsonAsync<JsonElement>($"/api/offer-sends?{filter}", Ct);
        var rows = Read(await staff.Client.GetByteArrayAsync($"/api/offer-sends/export?{filter}", Ct));

        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.Equal(list.GetProperty("total").GetInt32(), rows.Count);
        Assert.Equal(
            list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()),
            rows.Select(r => r["id"]));
        var all = Read(await staff.Client.GetByteArrayAsync("/api/offer-sends/export", Ct));
        Assert.Equal(4, all.Count);
        var theirs = Read(await other.Client.GetByteArrayAsync("/api/offer-sends/export", Ct));
        Assert.Single(theirs);
    }

    [Fact]
    public async Task Export_NamesACancelledSend_AsTheListAndTheDetailDo()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff, new { scheduledFor = "2026-03-01T09:00:00Z" });
        Assert.Equal(HttpStatusCode.OK, (await staff.Client.PostAsync($"/api/offer-sends/{id}/cancel", null, Ct)).StatusCode);

        var row = Read(await staff.Client.GetByteArrayAsync("/api/offer-sends/export", Ct)).Single();
        var listed = (await staff.Client.GetFromJsonAsync<JsonElement>("/api/offer-sends", Ct)).GetProperty("items")[0];
        var detail = (await staff.Client.GetFromJsonAsync<JsonElement>($"/api/offer-sends/{id}", Ct)).GetProperty("offerSend");

        Assert.Equal(OfferSendStatusName.Cancelled, row["status"]);
        Assert.Equal(OfferSendStatusName.Cancelled, listed.GetProperty("statusName").GetString());
        Assert.Equal(OfferSendStatusName.Cancelled, detail.GetProperty("statusName").GetString());
        Assert.Equal("pending", detail.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("status=lost")]
    [InlineData("from=2026-13-01")]
    [InlineData("from=2026-03-02&to=2026-03-01")]
    [InlineData("sort=price")]
    public async Task Export_RefusesABadFilter_WithAProblem(string filter)
    {
        var staff = await app.CreateUserAsync();
        await Problems.AssertAsync(await staff.Client.GetAsync($"/api/offer-sends/export?{filter}", Ct), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await staff.Client.GetAsync($"/api/offer-sends?{filter}", Ct), HttpStatusCode.BadRequest);
    }

    /// <summary>The records of a CSV by header name, as a CSV library reads them.</summary>
    public static List<Dictionary<string, string>> Read(byte[] csv)
    {
        using var reader = CsvReader.Create(csv, CsvReaderOptions.Default with { Separator = ',' });
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(reader.Current.ToDictionary().ToDictionary(p => p.Key, p => p.Value ?? ""));
        }

        return rows;
    }
}
