using System.Security.Cryptography;
using System.Text;
using Majster.Admin.Auth;
using Majster.Core.Requests;

namespace Majster.Admin.Api;

/// <summary>An endpoint that honours <c>Idempotency-Key</c> (<see cref="IdempotencyKeys"/>).</summary>
internal sealed record IdempotentEndpoint;

/// <summary>
/// <c>Idempotency-Key</c> (IETF httpapi draft) on the POSTs that create or schedule: the first request under a key is
/// carried out and its answer kept for 24 hours; the same key with the same method, path, body and If-Match answers
/// that answer again (with <c>Idempotent-Replayed: true</c>) and changes nothing; with another request it is a 422; while
/// the first is still running, a 409. An answer of 5xx is not kept, so a retry is carried out. Without the header a
/// request is carried out as always.
/// </summary>
internal static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder endpoint) => endpoint
        .WithMetadata(new IdempotentEndpoint())
        .AddEndpointFilter(InvokeAsync)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers[Header];
        if (header.Count == 0)
        {
            return await next(context);
        }

        if (!TryReadKey(header.ToString(), out var key))
        {
            return ApiProblems.BadRequest(
                $"{Header} must be a string of 1 to {IdempotencyStore.MaxKeyLength} printable ASCII characters, such as a UUID.");
        }

        var store = http.RequestServices.GetRequiredService<IdempotencyStore>();
        var userId = http.User.ToActor().UserId;
        var cancellationToken = http.RequestAborted;
        switch (await store.ClaimAsync(userId, key, RequestHash(http.Request), cancellationToken))
        {
            case IdempotencyClaim.Answered answered:
                return new StoredResult(answered.Response);
            case IdempotencyClaim.OtherRequest:
                return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity,
                    $"This {Header} was used for another request; use a new key for a new request.");
            case IdempotencyClaim.Running:
                return ApiProblems.Conflict($"A request with this {Header} is still being carried out; try again in a moment.");
        }

        try
        {
            var result = await next(context);
            if (result is not IResult answer)
            {
                await store.AbandonAsync(userId, key, CancellationToken.None);
                return result;
            }

            // The answer is written to memory first, kept, and then sent as it was written.
            var body = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await answer.ExecuteAsync(http);
            }
            finally
            {
                http.Response.Body = body;
            }

            var response = http.Response;
            if (response.StatusCode >= 500)
            {
                await store.AbandonAsync(userId, key, CancellationToken.None);
            }
            else
            {
                await store.CompleteAsync(userId, key, new StoredResponse(
                    response.StatusCode, response.ContentType, response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                    response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null, buffer.ToArray()), CancellationToken.None);
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(body, cancellationToken);
            return Results.Empty;
        }
        catch
        {
            await store.AbandonAsync(userId, key, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The key as a structured-field string (<c>"…"</c>, as the draft writes it) or bare.</summary>
    private static bool TryReadKey(string value, out string key)
    {
        key = value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
        return key.Length is > 0 and <= IdempotencyStore.MaxKeyLength && key.All(c => c is >= ' ' and <= '~');
    }

    /// <summary>
    /// What makes two requests the same: method, path, If-Match and the body's bytes (held in memory by
    /// <see cref="JsonRequests"/>, which checked them).
    /// </summary>
    private static string RequestHash(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n{request.Headers.IfMatch}\n"));
        if (request.Body is MemoryStream body)
        {
            hash.AppendData(body.ToArray());
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A kept answer, given again.</summary>
    private sealed class StoredResult(StoredResponse stored) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = stored.StatusCode;
            response.ContentType = stored.ContentType;
            if (stored.Location is not null)
            {
                response.Headers.Location = stored.Location;
            }

            if (stored.ETag is not null)
            {
                response.Headers.ETag = stored.ETag;
            }

            response.Headers[ReplayedHeader] = "true";
            await response.Body.WriteAsync(stored.Body, httpContext.RequestAborted);
        }
    }
}
