using System.Net;
using System.Text.RegularExpressions;
using Majster.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Majster.Tests.Integration.Security;

/// <summary>The sign-in page's form, posted as a browser posts it, from one client address (<c>X-Forwarded-For</c>).</summary>
public sealed partial class SignInForm : IDisposable
{
    private readonly HttpClient _client;
    private readonly string _formToken;

    private SignInForm(HttpClient client, string formToken) => (_client, _formToken) = (client, formToken);

    /// <summary>Opens the sign-in page in a fresh client (its own cookies) and keeps the form's antiforgery token.</summary>
    public static async Task<SignInForm> OpenAsync(MajsterAppFactory factory)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await client.GetStringAsync("/account/login", TestContext.Current.CancellationToken);
        return new SignInForm(client, FormToken().Match(page).Groups[1].Value);
    }

    /// <summary>Posts the form; the answer's status, its <c>Retry-After</c>, and the page's alert text (null when none).</summary>
    public async Task<(HttpStatusCode Status, string? RetryAfter, string? Alert)> PostAsync(string email, string password, string clientAddress)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = _formToken,
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            }),
        };
        request.Headers.Add("X-Forwarded-For", clientAddress);
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var alert = Alert().Match(body);
        return (response.StatusCode, response.Headers.RetryAfter?.ToString(), alert.Success ? WebUtility.HtmlDecode(alert.Groups[1].Value) : null);
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("role=\"alert\">([^<]*)<")]
    private static partial Regex Alert();
}
