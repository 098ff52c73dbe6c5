using System.Diagnostics;
using System.Net;
using Majster.Tests.Integration.Api;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;

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

    [Fact]
    public async Task ThirtyParallelWrongSignInsFromOneAddress_AtMostTenAreChecked_TheRestGet429_WhileAnotherAddressSignsIn()
    {
        var staff = await app.CreateUserAsync();
        var attacker = NewAddress();
        using var form = await SignInForm.OpenAsync(app.Factory);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var burst = Enumerable.Range(0, 30).Select(async attempt =>
        {
            await start.Task;
            return await form.PostAsync($"nobody-{attempt}@tests.local", "Wrong-password-123", attacker);
        }).ToList();

        start.SetResult();
        var answers = await Task.WhenAll(burst);
        using var other = await SignInForm.OpenAsync(app.Factory);
        var someoneElse = await other.PostAsync(staff.Email, StaffPassword, NewAddress());

        var throttled = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(10, answers.Count(a => a.Status == HttpStatusCode.OK && a.Alert is not null));
        Assert.Equal(20, throttled.Count);
        Assert.All(throttled, a => Assert.InRange(int.Parse(a.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, 60));
        Assert.Equal(HttpStatusCode.Redirect, someoneElse.Status);
    }

    [Fact]
    public async Task ASuccessfulSignIn_DoesNotCountAgainstItsAddress()
    {
        var staff = await app.CreateUserAsync();
        var office = NewAddress();
        using var form = await SignInForm.OpenAsync(app.Factory);
        for (var attempt = 0; attempt < 9; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await form.PostAsync($"nobody-{attempt}@tests.local", "Wrong-password-123", office)).Status);
        }

        var signedIn = new List<HttpStatusCode>();
        for (var colleague = 0; colleague < 3; colleague++)
        {
            using var own = await SignInForm.OpenAsync(app.Factory);
            signedIn.Add((await own.PostAsync(staff.Email, StaffPassword, office)).Status);
        }

        var tenthFailure = await form.PostAsync("nobody-10@tests.local", "Wrong-password-123", office);
        var eleventh = await form.PostAsync("nobody-11@tests.local", "Wrong-password-123", office);

        Assert.All(signedIn, status => Assert.Equal(HttpStatusCode.Redirect, status));
        Assert.Equal(HttpStatusCode.OK, tenthFailure.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.Status);
    }

    /// <summary>
    /// Tolerance: the median time of 15 tries with an unknown e-mail is within a factor of 1.6 of the median of 15 wrong
    /// passwords for a real account (both pay one password hash, tens of milliseconds; without it an unknown e-mail
    /// answers about ten times faster). Each wrong password is for an account of its own, tried once, so none is locked
    /// (a locked account would answer by the unknown e-mail's path). Tries alternate, so a busy moment of the machine
    /// falls on both.
    /// </summary>
    [Fact]
    public async Task UnknownEmail_TakesAboutAsLongAsAWrongPassword_AndGetsTheSameWords()
    {
        const int Tries = 15;
        var accounts = new List<TestUser>();
        for (var account = 0; account < Tries + 1; account++)
        {
            accounts.Add(await app.CreateUserAsync());
        }

        using var form = await SignInForm.OpenAsync(app.Factory);
        var (known, unknown) = (new List<double>(), new List<double>());
        var alerts = new HashSet<string?>();
        await form.PostAsync(accounts[Tries].Email, "Warm-up-password-1", NewAddress());
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            known.Add(await TimedAsync(accounts[attempt].Email));
            unknown.Add(await TimedAsync($"nobody-{Guid.NewGuid():N}@tests.local"));
        }

        var ratio = Median(unknown) / Median(known);
        Assert.True(ratio is > 1 / 1.6 and < 1.6, $"unknown e-mail median {Median(unknown):F1} ms, wrong password {Median(known):F1} ms");
        Assert.Single(alerts);
        Assert.DoesNotContain("locked", alerts.Single()!, StringComparison.OrdinalIgnoreCase);
        await using var db = Support.Database.CreateContext(app.ConnectionString);
        var ids = accounts.Take(Tries).Select(a => a.Id).ToList();
        Assert.Equal(Enumerable.Repeat(1, Tries), await db.Users.Where(u => ids.Contains(u.Id)).Select(u => u.AccessFailedCount).ToListAsync(Ct));

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
