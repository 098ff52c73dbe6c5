namespace Majster.Core.Requests;

/// <summary>
/// A request made under an <c>Idempotency-Key</c> (the IETF httpapi draft): the key its caller chose, a hash of what it
/// asked, and, once answered, the answer, which a repeat of the same request within <see cref="IdempotencyStore.Lifetime"/>
/// receives again instead of being carried out twice. While <see cref="StatusCode"/> is null the first is still running.
/// </summary>
public sealed class IdempotentRequest
{
    /// <summary>Keys are the caller's own: two callers may use the same one.</summary>
    public Guid UserId { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of the method, path and body, hex: the same key with another request is refused.</summary>
    public required string RequestHash { get; set; }

    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public byte[]? ResponseBody { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>An answer to keep and give again.</summary>
public sealed record StoredResponse(int StatusCode, string? ContentType, string? Location, string? ETag, byte[] Body);
