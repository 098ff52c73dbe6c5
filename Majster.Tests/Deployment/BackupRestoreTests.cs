using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Majster.Core.Data;
using Majster.Core.Data.Backups;
using Majster.Core.Email;
using Majster.Processes;
using Majster.Tests.Support;
using Npgsql;

namespace Majster.Tests.Deployment;

/// <summary>
/// <c>backup FILE</c> and <c>restore FILE</c> of the published app: a backup taken while sends go out, restored on
/// another PostgreSQL cluster; and the one line an operator reads when a restore or backup cannot go on.
/// </summary>
[Trait("Category", "Deployment")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BackupRestoreTests(PostgresCluster cluster) : IAsyncLifetime
{
    private const string AdminEmail = "admin@backup.test";
    private const string AdminPassword = "Backup-admin-password-1";
    private const string AdminToken = "backup-test-token-4f1c2a9e0b7d4c3a";
    private readonly string _folder = Directory.CreateTempSubdirectory("majster-backups-").FullName;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restore_OnAnotherCluster_BringsBackTokensSignInsAndSends_AndPausesSending()
    {
        var file = Path.Combine(_folder, "office.backup");
        await using var sourceMail = await SmtpTestServer.StartAsync(Ct);
        var source = Settings(await cluster.CreateDatabaseAsync(migrated: false, Ct), sourceMail.Port);
        source["Bootstrap__AdminApiToken"] = AdminToken;
        string cookies;
        Guid sentBefore, future;
        List<Guid> inFlight = [], dueAfter = [];
        await using (var app = await AppProcess.StartAsync(source, Ct, await PublishedApp.DllAsync()))
        {
            await app.WaitUntilReadyAsync(Ct);
            cookies = await HttpSignIn.SignInAsync(app.BaseAddress, AdminEmail, AdminPassword, Ct);
            using var api = Api(app.BaseAddress);
            sentBefore = await ApiChain.ScheduleAsync(api, "Sent before the backup", TimeSpan.FromSeconds(1));
            await ArrivedAsync(sourceMail, [sentBefore]);
            for (var i = 0; i < 6; i++)
            {
                inFlight.Add(await ApiChain.ScheduleAsync(api, $"In flight {i}", TimeSpan.FromSeconds(1)));
            }

            for (var i = 0; i < 3; i++)
            {
                dueAfter.Add(await ApiChain.ScheduleAsync(api, $"Due after the backup {i}", TimeSpan.FromSeconds(40)));
            }

            future = await ApiChain.ScheduleAsync(api, "Due after the restore", TimeSpan.FromHours(2));

            var backup = await PublishedCommand.RunAsync(source, Ct, "backup", file);

            Assert.True(backup.Code == 0, backup.Output + backup.Errors);
            Assert.Contains($"Backed up the database (PostgreSQL 15) to {file}", backup.Output, StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            // The old database sends on after the backup: what it sent since is due, unsent, in the backup.
            await ArrivedAsync(sourceMail, [.. inFlight, .. dueAfter]);
        }

        var takenAt = await TakenAtAsync(file);
        await using var otherCluster = await OtherCluster.StartAsync();
        await using var mail = await SmtpTestServer.StartAsync(Ct);
        var target = Settings(otherCluster.ConnectionString, mail.Port);

        var restore = await PublishedCommand.RunAsync(target, Ct, "restore", file);

        Assert.True(restore.Code == 0, restore.Output + restore.Errors);
        var reason = DatabaseBackup.PauseReason(takenAt);
        Assert.Equal($"restored from a backup taken at {BackupFile.Words(takenAt)}: review the sends due since then, then resume", reason);
        Assert.Contains("Sending is paused: " + reason, restore.Output, StringComparison.Ordinal);
        Assert.Equal((true, reason, "restore"), await PauseAsync(otherCluster.ConnectionString));
        Assert.Contains("fold-offer-send-counts", await RecurringJobsAsync(otherCluster.ConnectionString));
        // What the dashboard lists for review: the sends the old database sent after the backup, due and unsent here.
        var review = await new RestoredSends(Database.ContextFactory(otherCluster.ConnectionString)).GetAsync(Ct);
        Assert.NotNull(review);
        Assert.Equal(takenAt, review.BackupTakenAt);
        Assert.Superset(dueAfter.ToHashSet(), review.Sends.Select(s => s.Id).ToHashSet());
        Assert.DoesNotContain(sentBefore, review.Sends.Select(s => s.Id));
        Assert.DoesNotContain(future, review.Sends.Select(s => s.Id));

        await using var restored = await AppProcess.StartAsync(target, Ct, await PublishedApp.DllAsync());
        await restored.WaitUntilReadyAsync(Ct);
        using (var api = Api(restored.BaseAddress))
        {
            Assert.Equal("sent", await StatusAsync(api, sentBefore));
            Assert.Equal("scheduled", await StatusAsync(api, future));
            await ApiChain.ScheduleAsync(api, "Scheduled after the restore", TimeSpan.FromHours(1));

            // Paused: what the old database sent after the backup waits here, and says why; none of it is sent again.
            Assert.Equal("paused", await WaitingForAsync(api, dueAfter[0]));
            Assert.Empty(mail.Accepted);

            // Resumed by an admin after the review: each send due here goes out, once.
            using var resume = await api.PostAsync("/api/sending/resume", null, Ct);
            Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
            var due = review.Sends.Select(s => s.Id).ToList();
            await ArrivedAsync(mail, due);
            var arrived = mail.Accepted.Select(m => m.Headers[OfferEmailComposer.OfferSendIdHeader]).ToList();
            Assert.Equal(arrived.Distinct().Count(), arrived.Count);
        }

        Assert.Equal(HttpStatusCode.OK, await HttpSignIn.StatusAsync(restored.BaseAddress, "/offer-sends", cookies, Ct));
        Assert.Equal(HttpStatusCode.Redirect, await HttpSignIn.StatusAsync(restored.BaseAddress, "/offer-sends", null, Ct));
    }

    [Fact]
    public async Task Restore_IntoADatabaseThatIsNotEmpty_RefusesInOneLine_AndChangesNothing()
    {
        var file = await SampleBackupAsync();
        var occupied = await cluster.CreateDatabaseAsync(migrated: true, Ct);

        var restore = await PublishedCommand.RunAsync(Settings(occupied, 25), Ct, "restore", file);

        Assert.Equal(1, restore.Code);
        var line = Assert.Single(restore.ErrorLines);
        Assert.StartsWith("Majster Admin restore failed: The database ", line, StringComparison.Ordinal);
        Assert.Contains("is not empty", line, StringComparison.Ordinal);
        Assert.Contains("a restore goes only into an empty database", line, StringComparison.Ordinal);
        Assert.Equal((false, null, null), await PauseAsync(occupied));
    }

    [Fact]
    public async Task Backup_WithoutPgDumpOfTheServersVersion_SaysSoInOneLine()
    {
        var settings = Settings(await cluster.CreateDatabaseAsync(migrated: true, Ct), 25);
        settings["Database__ToolsDirectory"] = Directory.CreateTempSubdirectory("majster-no-tools-").FullName;
        var file = Path.Combine(_folder, "never.backup");

        var backup = await PublishedCommand.RunAsync(settings, Ct, "backup", file);

        Assert.Equal(1, backup.Code);
        var line = Assert.Single(backup.ErrorLines);
        Assert.StartsWith("Majster Admin backup failed: pg_dump for PostgreSQL 15 (the server's version) is not in ", line, StringComparison.Ordinal);
        Assert.Contains("Database:ToolsDirectory", line, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Backup_IntoAFolderThatDoesNotExist_SaysSoInOneLine()
    {
        var settings = Settings(await cluster.CreateDatabaseAsync(migrated: true, Ct), 25);
        var file = Path.Combine(_folder, "missing-folder", "office.backup");

        var backup = await PublishedCommand.RunAsync(settings, Ct, "backup", file);

        Assert.Equal(1, backup.Code);
        var line = Assert.Single(backup.ErrorLines);
        Assert.StartsWith($"Majster Admin backup failed: Could not write the backup to {file}: ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text", "is not a Majster backup")]
    [InlineData("truncated", "pg_restore failed (exit code 1), nothing was restored: ")]
    public async Task Restore_OfAWrongFile_SaysSoInOneLine_AndLeavesTheDatabaseEmpty(string kind, string expected)
    {
        var file = Path.Combine(_folder, kind + ".backup");
        if (kind == "text")
        {
            await File.WriteAllTextAsync(file, "offers,sends\n1,2\n", Ct);
        }
        else
        {
            var whole = await File.ReadAllBytesAsync(await SampleBackupAsync(), Ct);
            await File.WriteAllBytesAsync(file, whole[..(whole.Length * 2 / 3)], Ct);
        }

        var empty = await cluster.CreateDatabaseAsync(migrated: false, Ct);

        var restore = await PublishedCommand.RunAsync(Settings(empty, 25), Ct, "restore", file);

        Assert.Equal(1, restore.Code);
        var line = Assert.Single(restore.ErrorLines);
        Assert.StartsWith("Majster Admin restore failed: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(await TablesAsync(empty));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static Dictionary<string, string> Settings(string connectionString, int smtpPort)
    {
        var settings = AppProcess.Defaults(connectionString, smtpPort);
        settings["Scheduler__Enabled"] = "true";
        settings["Bootstrap__AdminEmail"] = AdminEmail;
        settings["Bootstrap__AdminPassword"] = AdminPassword;
        return settings;
    }

    /// <summary>A backup of a migrated database with nothing in it.</summary>
    private async Task<string> SampleBackupAsync()
    {
        var file = Path.Combine(_folder, Guid.NewGuid().ToString("N")[..8] + ".backup");
        var backup = await PublishedCommand.RunAsync(Settings(await cluster.CreateDatabaseAsync(migrated: true, Ct), 25), Ct, "backup", file);
        Assert.True(backup.Code == 0, backup.Output + backup.Errors);
        return file;
    }

    private static HttpClient Api(Uri address)
    {
        var http = HttpSignIn.Client(address);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return http;
    }

    private static async Task ArrivedAsync(SmtpTestServer mail, IReadOnlyCollection<Guid> sends) =>
        await Poll.UntilAsync(
            () => Task.FromResult(mail.Accepted.Select(m => m.Headers[OfferEmailComposer.OfferSendIdHeader]).ToHashSet()),
            arrived => sends.All(id => arrived.Contains(id.ToString("D"))),
            TimeSpan.FromSeconds(90),
            $"{sends.Count} sends to arrive");

    private static async Task<string> StatusAsync(HttpClient api, Guid id)
    {
        using var response = await api.GetAsync($"/api/offer-sends/{id}", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {id} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("offerSend").GetProperty("status").GetString()!;
    }

    private static async Task<string?> WaitingForAsync(HttpClient api, Guid id)
    {
        using var response = await api.GetAsync($"/api/offer-sends/{id}", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {id} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("offerSend").GetProperty("waitingFor").GetString();
    }

    private static async Task<DateTimeOffset> TakenAtAsync(string file)
    {
        await using var stream = File.OpenRead(file);
        return (await BackupFile.ReadHeaderAsync(stream, file, Ct)).TakenAt;
    }

    private static async Task<(bool Paused, string? Reason, string? By)> PauseAsync(string connectionString)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand("SELECT paused, reason, paused_by FROM sending_state", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return (reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    private static async Task<List<string>> RecurringJobsAsync(string connectionString) =>
        await ColumnAsync(connectionString, "SELECT value FROM hangfire.set WHERE key = 'recurring-jobs'");

    private static async Task<List<string>> TablesAsync(string connectionString) =>
        await ColumnAsync(connectionString, "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");

    private static async Task<List<string>> ColumnAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync(Ct);
        return connection;
    }

    /// <summary>A second PostgreSQL cluster, of its own folder and port, with one empty database.</summary>
    private sealed class OtherCluster(EmbeddedPostgres server, string folder) : IAsyncDisposable
    {
        public string ConnectionString => server.ConnectionString("restored");

        public static async Task<OtherCluster> StartAsync()
        {
            // Under the temporary folder itself, which the postgres user (the server's, when tests run as root) can reach.
            var folder = Path.Combine(Path.GetTempPath(), "majster-other-cluster-" + Guid.NewGuid().ToString("N")[..8]);
            var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresSettings { DataDirectory = folder, Durable = false }, cancellationToken: Ct);
            await server.EnsureDatabaseAsync("restored", cancellationToken: Ct);
            return new OtherCluster(server, folder);
        }

        public async ValueTask DisposeAsync()
        {
            await server.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
