using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Majster.Tests.Deployment;

/// <summary>
/// The sign-in form over plain HTTP, cookies carried by hand (the app's cookies are <c>Secure</c>, which a cookie jar
/// would not send over http), so that a test can post one instance's form to another.
/// </summary>
public static partial class HttpSignIn
{
    /// <summary>A client that follows no redirect and keeps no cookies.</summary>
    public static HttpClient Client(Uri address) => new(new HttpClientHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
    })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// <see cref="Client(Uri)"/> connecting from the loopback address <paramref name="source"/> (any of 127.0.0.0/8), so
    /// that the proxy sees a client address of the test's own.
    /// </summary>
    public static HttpClient ClientFrom(IPAddress source, Uri address) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The sign-in page's antiforgery cookie and form token, as <paramref name="address"/> issues them.</summary>
    public static async Task<(string Cookies, string Token)> FormAsync(Uri address, CancellationToken cancellationToken)
    {
        using var http = Client(address);
        return await FormAsync(http, cancellationToken);
    }

    /// <summary>The sign-in page's antiforgery cookie and form token, fetched with <paramref name="http"/>.</summary>
    public static async Task<(string Cookies, string Token)> FormAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("/account/login", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, "The sign-in page has no antiforgery token.");
        return (Cookies(response), WebUtility.HtmlDecode(token.Groups[1].Value));
    }

    /// <summary>Posts the sign-in form to <paramref name="address"/> with a form (cookie and token) from anywhere.</summary>
    public static async Task<HttpResponseMessage> PostAsync(
        Uri address, (string Cookies, string Token) form, string email, string password, CancellationToken cancellationToken)
    {
        using var http = Client(address);
        return await PostAsync(http, form, email, password, cancellationToken);
    }

    /// <summary>Posts the sign-in form with <paramref name="http"/>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(
        HttpClient http, (string Cookies, string Token) form, string email, string password, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = form.Token,
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            }),
        };
        request.Headers.Add("Cookie", form.Cookies);
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>Signs in on <paramref name="address"/>; returns the <c>Cookie</c> header a browser would send afterwards.</summary>
    public static async Task<string> SignInAsync(Uri address, string email, string password, CancellationToken cancellationToken)
    {
        var form = await FormAsync(address, cancellationToken);
        using var response = await PostAsync(address, form, email, password, cancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var signedIn = Cookies(response);
        Assert.Contains(".AspNetCore.Identity.Application", signedIn, StringComparison.Ordinal);
        return form.Cookies + "; " + signedIn;
    }

    /// <summary>The status of a GET of <paramref name="path"/> on <paramref name="address"/> with <paramref name="cookies"/>.</summary>
    public static async Task<HttpStatusCode> StatusAsync(Uri address, string path, string? cookies, CancellationToken cancellationToken)
    {
        using var http = Client(address);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookies is not null)
        {
            request.Headers.Add("Cookie", cookies);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>The <c>name=value</c> pairs of a response's <c>Set-Cookie</c> headers, as a <c>Cookie</c> header.</summary>
    public static string Cookies(HttpResponseMessage response) => string.Join("; ",
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(value => value.Split(';')[0]) : []);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
