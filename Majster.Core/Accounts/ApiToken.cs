using System.Security.Cryptography;
using System.Text;

namespace Majster.Core.Accounts;

/// <summary>A personal API token. Only its SHA-256 hash is stored; the plaintext is shown once.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public required string TokenHash { get; set; }

    public Guid UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>After this instant the token is refused; null = it does not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Whether the token signs its user in at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    /// <summary>The stored form of a plaintext token.</summary>
    public static string Hash(string plaintext) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plaintext)));

    /// <summary>A new random plaintext token (256 bits, URL-safe).</summary>
    public static string NewPlaintext() =>
        "mjt_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
