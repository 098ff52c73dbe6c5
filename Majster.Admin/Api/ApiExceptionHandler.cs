using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Majster.Admin.Api;

/// <summary>
/// The one handler for what nobody expected: a database that cannot be reached is 503, a bad request the server
/// itself rejected keeps its 4xx, anything else is 500. The answer is ProblemDetails; exception text never leaves.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>How long a client is told to wait when the database is away.</summary>
    public static readonly TimeSpan DatabaseRetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, message) = Classify(exception);
        if (status >= StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = ((int)DatabaseRetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Detail = message },
        });
    }

    /// <summary>The status and client-facing message for <paramref name="exception"/>.</summary>
    public static (int Status, string Message) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException bad => (bad.StatusCode, "The request could not be read."),
        _ when IsDatabaseOutage(exception) => (StatusCodes.Status503ServiceUnavailable, "The database is unavailable; try again shortly."),
        _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred."),
    };

    /// <summary>Whether the exception, or one it wraps, says PostgreSQL could not be reached or did not answer in time.</summary>
    private static bool IsDatabaseOutage(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case NpgsqlException npgsql when npgsql.IsTransient:
                case NpgsqlException { InnerException: SocketException or TimeoutException or IOException }:
                case SocketException:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);
}
