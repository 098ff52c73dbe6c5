using Majster.Core.Accounts;
using Majster.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Majster.Admin.Auth;

/// <summary>
/// At start, after migrations: the roles exist, and so do the configured admin and its API token. Instances starting
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

        if (!await users.IsInRoleAsync(admin, Roles.Admin))
        {
            await Succeeded(users.AddToRoleAsync(admin, Roles.Admin), "make the bootstrap user an admin");
        }

        if (!string.IsNullOrEmpty(settings.AdminApiToken))
        {
            await EnsureTokenAsync(scope.ServiceProvider.GetRequiredService<MajsterDbContext>(), admin.Id, settings.AdminApiToken, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureTokenAsync(MajsterDbContext db, Guid adminId, string plaintext, CancellationToken cancellationToken)
    {
        var hash = ApiToken.Hash(plaintext);
        if (await db.ApiTokens.AnyAsync(t => t.TokenHash == hash, cancellationToken))
        {
            return;
        }

        db.ApiTokens.Add(new ApiToken { Name = "bootstrap", TokenHash = hash, UserId = adminId, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap admin {Email}")]
    private static partial void LogAdminCreated(ILogger logger, string email);
}
