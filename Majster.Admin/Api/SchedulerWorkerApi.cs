using System.Security.Cryptography;
using System.Text;
using Majster.Core.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Api;

/// <summary>
/// <c>POST /scheduler-worker</c> for an external cron, as the original system had it: guarded by the
/// <c>X-Cron-Secret</c> header, runs one tick, answers with the original's fields plus a few more.
/// </summary>
public static class SchedulerWorkerApi
{
    public const string SecretHeader = "X-Cron-Secret";

    public static IEndpointRouteBuilder MapSchedulerWorkerApi(this IEndpointRouteBuilder endpoints)
    {
        Describe(endpoints.MapPost("/scheduler-worker", RunTickAsync).WithName("RunSchedulerTick"));
        Describe(endpoints.MapPost("/functions/v1/scheduler-worker", RunTickAsync).WithName("RunSchedulerTickFunctionsPath"))
            .RequireCors(ApiCors.Policy);
        return endpoints;
    }

    private static RouteHandlerBuilder Describe(RouteHandlerBuilder endpoint) => endpoint
        .WithSummary("Runs one scheduler tick (for an external cron).")
        .WithTags("Scheduler")
        .AllowAnonymous()
        .WithMetadata(new ApiSecurity(ApiDocument.CronSecretScheme))
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static async Task<Results<Ok<SchedulerTickResponse>, ProblemHttpResult>> RunTickAsync(
        HttpRequest request, OfferSendProcessor processor, IOptions<SchedulerOptions> options, CancellationToken cancellationToken)
    {
        var secret = options.Value.CronSecret;
        if (string.IsNullOrEmpty(secret))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "The scheduler-worker endpoint is disabled: no Scheduler:CronSecret is configured.");
        }

        var presented = request.Headers[SecretHeader].ToString();
        if (!SecretMatches(presented, secret) && !SecretMatches(presented, options.Value.PreviousCronSecret))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"A valid {SecretHeader} header is required.");
        }

        var tick = await processor.RunTickAsync(cancellationToken);
        return TypedResults.Ok(new SchedulerTickResponse(
            Success: true,
            Message: $"Processed {tick.Sent} of {tick.Found} due offers",
            Processed: tick.Sent,
            Failed: tick.NotSent,
            Skipped: tick.Skipped,
            Timestamp: tick.StartedAt,
            Found: tick.Found,
            Retried: tick.Retried,
            MarkedFailed: tick.MarkedFailed,
            DurationMs: (long)tick.Duration.TotalMilliseconds));
    }

    /// <summary>Compares hashes of both in constant time, so neither the secret nor its length leaks through timing.</summary>
    private static bool SecretMatches(string presented, string? expected) =>
        !string.IsNullOrEmpty(presented) && !string.IsNullOrEmpty(expected) &&
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

/// <summary>The original's answer (<c>success, message, processed, failed, skipped, timestamp</c>) and more.</summary>
public sealed record SchedulerTickResponse(
    bool Success,
    string Message,
    int Processed,
    int Failed,
    int Skipped,
    DateTimeOffset Timestamp,
    int Found,
    int Retried,
    int MarkedFailed,
    long DurationMs);
