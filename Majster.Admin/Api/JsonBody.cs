using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Majster.Admin.Api;

/// <summary>
/// Reads a request body as one JSON object, by hand, so every malformed body gets a clean ProblemDetails with a
/// message rather than the framework's default: wrong content type 415, over 64 KiB 413, not UTF-8 text
/// (<see cref="JsonEncoding"/>) or not a JSON object 400.
/// </summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    public static async Task<(JsonElement Body, ProblemHttpResult? Problem)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (default, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON (Content-Type: application/json)."));
        }

        if (request.ContentLength > ApiOptions.MaxRequestBodyBytes)
        {
            return (default, TooLarge());
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = ApiOptions.MaxRequestBodyBytes;
        }

        using var buffer = new MemoryStream();
        try
        {
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > ApiOptions.MaxRequestBodyBytes)
                {
                    return (default, TooLarge());
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, TooLarge());
        }

        var json = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (JsonEncoding.Problem(json.Span) is { } encoding)
        {
            return (default, ApiProblems.BadRequest(encoding));
        }

        try
        {
            using var document = JsonDocument.Parse(json, Options);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null)
                : (default, ApiProblems.BadRequest("The body must be a JSON object."));
        }
        catch (JsonException)
        {
            return (default, ApiProblems.BadRequest("The body is not valid JSON."));
        }
    }

    private static ProblemHttpResult TooLarge() =>
        ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, $"The body must be at most {ApiOptions.MaxRequestBodyBytes / 1024} KiB.");
}
