using System.ComponentModel.DataAnnotations;

namespace Majster.Admin.Api;

/// <summary>The <c>Api</c> section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>The largest request body an endpoint reads (64 KiB); larger is 413.</summary>
    public const int MaxRequestBodyBytes = 64 * 1024;

    /// <summary>Requests per minute per token or user (or remote address when anonymous).</summary>
    [Range(1, 1_000_000)]
    public int RateLimitPerMinute { get; set; } = 600;
}
