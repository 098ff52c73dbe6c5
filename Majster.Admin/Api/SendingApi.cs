using System.Security.Claims;
using Majster.Admin.Auth;
using Majster.Core.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Majster.Admin.Api;

/// <summary>
/// <c>/api/sending</c>: sending as a whole (pause, back-off, limits and their use, sending hours) for everyone; pause
/// and resume for admins only (staff get 403). The pause is kept in the database and holds for every instance.
/// </summary>
public static class SendingApi
{
    public static IEndpointRouteBuilder MapSendingApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiGroup("/api/sending", "Sending")
            .MapGet("/", GetAsync).WithName("GetSending")
            .WithSummary("Whether sending is paused or throttled, the limits and their use in the last minute, hour and day, and the sending hours");
        var admin = endpoints.MapApiGroup("/api/sending", "Sending", ApiAuthExtensions.ApiAdminPolicy)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapPost("/pause", PauseAsync).WithName("PauseSending")
            .WithSummary("Hold all sending, for every instance, until resumed or until the instant given")
            .WithDescription("The body is optional: {\"reason\": \"…\", \"until\": \"<instant with offset>\"}. Sends wait as scheduled; no retry is charged.")
            .AcceptsOptionalJson<PauseSendingRequest>();
        admin.MapPost("/resume", ResumeAsync).WithName("ResumeSending")
            .WithSummary("End the pause: what waits goes out in due order, within the limits");
        return endpoints;
    }

    public static async Task<Ok<SendingResponse>> GetAsync(SendingOverview overview, CancellationToken cancellationToken) =>
        TypedResults.Ok(SendingResponse.From(await overview.GetAsync(cancellationToken)));

    public static async Task<Results<Ok<SendingResponse>, ProblemHttpResult>> PauseAsync(
        PauseSendingRequest? request, ClaimsPrincipal user, SendingPause pause, SendingOverview overview, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (request?.Until is { } until && until <= clock.GetUtcNow())
        {
            return ApiProblems.BadRequest("until must be in the future.");
        }

        if (SendingPause.CheckReason(request?.Reason) is { } invalid)
        {
            return ApiProblems.BadRequest(invalid.Message);
        }

        await pause.PauseAsync(request?.Reason, request?.Until, PausedBy(user), cancellationToken);
        return TypedResults.Ok(SendingResponse.From(await overview.GetAsync(cancellationToken)));
    }

    public static async Task<Ok<SendingResponse>> ResumeAsync(SendingPause pause, SendingOverview overview, CancellationToken cancellationToken)
    {
        await pause.ResumeAsync(cancellationToken);
        return TypedResults.Ok(SendingResponse.From(await overview.GetAsync(cancellationToken)));
    }

    private static string PausedBy(ClaimsPrincipal user) =>
        user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "api";
}

/// <summary>The optional body of <c>POST /api/sending/pause</c>: why, and until when (with an explicit offset; absent: until resumed).</summary>
public sealed record PauseSendingRequest(
    [property: TextLength(SendingPause.MaxReasonLength)] string? Reason = null,
    DateTimeOffset? Until = null);

/// <summary>Sending as a whole. Limits of 0 are not set; <c>usage</c> counts messages handed to the mail server.</summary>
public sealed record SendingResponse(
    bool Paused,
    DateTimeOffset? PausedAt,
    string? PausedBy,
    string? Reason,
    DateTimeOffset? Until,
    SendingLimitsResponse Limits,
    SendingUsage Usage,
    DateTimeOffset? ThrottledUntil,
    string? ThrottleReply,
    SendingWindowResponse? Window,
    DateTimeOffset? NextWindowOpensAt)
{
    public static SendingResponse From(SendingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var (state, paused, throttled) = (summary.State, summary.Paused, summary.Throttled);
        var window = summary.Window;
        return new SendingResponse(
            paused, paused ? state.PausedAt : null, paused ? state.PausedBy : null, paused ? state.Reason : null, paused ? state.PauseUntil : null,
            new SendingLimitsResponse(summary.Limits.PerMinute, summary.Limits.PerHour, summary.Limits.PerDay),
            summary.Usage,
            throttled ? state.ThrottledUntil : null, throttled ? state.ThrottleReply : null,
            summary.WindowSet
                ? new SendingWindowResponse(window.Days, window.From?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                    window.To?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), window.TimeZone, window.Holidays,
                    summary.NextWindowOpensAt is null)
                : null,
            summary.NextWindowOpensAt);
    }
}

/// <summary>Messages a rolling minute, hour and day; 0 is no limit.</summary>
public sealed record SendingLimitsResponse(int PerMinute, int PerHour, int PerDay);

/// <summary>The sending hours as configured, and whether they are open now.</summary>
public sealed record SendingWindowResponse(string? Days, string? From, string? To, string TimeZone, string? Holidays, bool Open);
