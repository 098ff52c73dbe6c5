using System.Diagnostics;
using System.Net;
using Majster.Tests.Integration.Api;
using Majster.Tests.Support;

namespace Majster.Tests.Integration.Security;

/// <summary>The app behind a proxy (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>): each client's address is its <c>X-Forwarded-For</c>.</summary>
public sealed class ProxiedApp(PostgresCluster cluster) : ApiApp(cluster)
{
    protected override IEnumerable<(string Key, string Value)> Settings => [("FORWARDEDHEADERS_ENABLED", "true")];
}

/// <summary>
/// The sign-in form as an attacker meets it: failed tries lock the password sign-in but not the account's API tokens;
/// one address is throttled after ten failures a minute (429, <c>Retry-After</c>) without blocking anyone else; and
/// an unknown e-mail answers in the same words and about the same time as a wrong password for a real one.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PasswordSignInTests(ProxiedApp app) : IClassFixture<ProxiedApp>
{
    private const string StaffPassword = "Staff-password-123";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A client address no other test uses.</summary>
    private static string NewAddress()
    {
        var n = Interlocked.Increment(ref s_lastAddress);
        return $"10.0.{n / 250}.{(n % 250) + 1}";
    }

    private static int s_lastAddress;

    [Fact]
    public async Task FiveWrongPasswords_LockThePasswordSignIn_ButTheAccountsTokenKeepsWorking()
    {
        var staff = await app.CreateUserAsync();
        using var form = await SignInForm.OpenAsync(app.Factory);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await form.PostAsync(staff.Email, "Wrong-password-123", NewAddress())).Status);
        }

        var withRightPassword = await form.PostAsync(staff.Email, StaffPassword, NewAddress());
        using var api = await staff.Client.GetAsync("/api/offer-sends", Ct);

        Assert.Equal(HttpStatusCode.OK, withRightPassword.Status);
        Assert.NotNull(withRightPassword.Alert);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task TenFailuresFromOneAddress_ThrottleItWith429AndRetryAfter_WhileAnotherAddressSignsIn()
    {
        var staff = await app.CreateUserAsync();
        var attacker = NewAddress();
        using var form = await SignInForm.OpenAsync(app.Factory);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await form.PostAsync($"nobody-{attempt}@tests.local", "Wrong-password-123", attacker)).Status);
        }

        var throttled = await form.PostAsync(staff.Email, StaffPassword, attacker);
        using var other = await SignInForm.OpenAsync(app.Factory);
        var someoneElse = await other.PostAsync(staff.Email, StaffPassword, NewAddress());

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.InRange(int.Parse(throttled.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(HttpStatusCode.Redirect, someoneElse.Status);
    }

    /// <summary>
    /// Tolerance: the median time of 15 tries with an unknown e-mail is within a factor of 1.6 of the median of 15 wrong
    /// passwords for a real account (both pay one password hash, tens of milliseconds; without it an unknown e-mail
    /// answers about ten times faster). Tries alternate, so a busy moment of the machine falls on both.
    /// </summary>
    [Fact]
    public async Task UnknownEmail_TakesAboutAsLongAsAWrongPassword_AndGetsTheSameWords()
    {
        var staff = await app.CreateUserAsync();
        using var form = await SignInForm.OpenAsync(app.Factory);
        var (known, unknown) = (new List<double>(), new List<double>());
        var alerts = new HashSet<string?>();
        await form.PostAsync(staff.Email, "Warm-up-password-1", NewAddress());
        for (var attempt = 0; attempt < 15; attempt++)
        {
            known.Add(await TimedAsync(staff.Email));
            unknown.Add(await TimedAsync($"nobody-{Guid.NewGuid():N}@tests.local"));
        }

        var ratio = Median(unknown) / Median(known);
        Assert.True(ratio is > 1 / 1.6 and < 1.6, $"unknown e-mail median {Median(unknown):F1} ms, wrong password {Median(known):F1} ms");
        Assert.Single(alerts);
        Assert.DoesNotContain("locked", alerts.Single()!, StringComparison.OrdinalIgnoreCase);

        async Task<double> TimedAsync(string email)
        {
            var watch = Stopwatch.StartNew();
            var answer = await form.PostAsync(email, "Wrong-password-123", NewAddress());
            var elapsed = watch.Elapsed.TotalMilliseconds;
            alerts.Add(answer.Alert);
            return elapsed;
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
