using Majster.Core.Accounts;
using Majster.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Majster.Admin.Auth;

/// <summary>
/// At start, after migrations: the roles exist; when no admin does, the configured one is created (a changed
/// <c>Bootstrap:AdminPassword</c> changes nothing later); the configured API token is the admin's live bootstrap token
/// (<see cref="EnsureTokenAsync"/>). Instances starting
/// together on one database take turns (a PostgreSQL advisory lock), or they would race to create the same rows.
/// </summary>
internal sealed partial class AdminBootstrapper(
    IServiceProvider services,
    NpgsqlDataSource dataSource,
    IOptions<BootstrapOptions> options,
    TimeProvider clock,
    ILogger<AdminBootstrapper> logger) : IHostedService
{
    /// <summary>The advisory lock's key: any constant no other code uses ("MJBOOT").</summary>
    private const long BootstrapLockKey = 0x4D4A_424F_4F54;

    private const string BootstrapTokenName = "bootstrap";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({BootstrapLockKey})", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await BootstrapAsync(cancellationToken);
        }
        finally
        {
            // A pooled connection keeps its session: the lock must be released, not left to the close.
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({BootstrapLockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task BootstrapAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<MajsterRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await Succeeded(roles.CreateAsync(new MajsterRole { Name = role }), $"create role {role}");
            }
        }

        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.AdminEmail) || string.IsNullOrEmpty(settings.AdminPassword))
        {
            return;
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<MajsterUser>>();
        var admin = await users.FindByEmailAsync(settings.AdminEmail);
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count == 0)
        {
            if (admin is null)
            {
                admin = new MajsterUser
                {
                    UserName = settings.AdminEmail,
                    Email = settings.AdminEmail,
                    EmailConfirmed = true,
                    CreatedAt = clock.GetUtcNow(),
                };
                await Succeeded(users.CreateAsync(admin, settings.AdminPassword), "create the bootstrap admin");
                LogAdminCreated(logger, settings.AdminEmail);
            }

            await Succeeded(users.AddToRoleAsync(admin, Roles.Admin), "make the bootstrap user an admin");
        }

        if (!string.IsNullOrEmpty(settings.AdminApiToken) && admin is not null)
        {
            await EnsureTokenAsync(scope.ServiceProvider.GetRequiredService<MajsterDbContext>(), admin.Id, settings.AdminApiToken, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The configured token is the admin's one live bootstrap token: a new value revokes the previous ones. A value that
    /// was revoked stays revoked (it may have leaked): the app says so, and the operator sets a new one.
    /// </summary>
    private async Task EnsureTokenAsync(MajsterDbContext db, Guid adminId, string plaintext, CancellationToken cancellationToken)
    {
        var hash = ApiToken.Hash(plaintext);
        var existing = await db.ApiTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (existing is not null)
        {
            if (existing.RevokedAt is not null)
            {
                LogTokenRevoked(logger);
            }

            return;
        }

        var now = clock.GetUtcNow();
        var previous = await db.ApiTokens
            .Where(t => t.UserId == adminId && t.Name == BootstrapTokenName && t.RevokedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var token in previous)
        {
            token.RevokedAt = now;
        }

        db.ApiTokens.Add(new ApiToken { Name = BootstrapTokenName, TokenHash = hash, UserId = adminId, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        if (previous.Count > 0)
        {
            LogTokenRotated(logger, previous.Count);
        }
    }

    private static async Task Succeeded(Task<IdentityResult> operation, string what)
    {
        var result = await operation;
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Bootstrap could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bootstrap:AdminApiToken was revoked and stays so: set a new token")]
    private static partial void LogTokenRevoked(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap:AdminApiToken changed: the new token replaces {Count} revoked one(s)")]
    private static partial void LogTokenRotated(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap admin {Email}")]
    private static partial void LogAdminCreated(ILogger logger, string email);
}
