using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Majster.Admin.Api;

/// <summary>An endpoint whose body is a JSON <see cref="Type"/>; <see cref="JsonRequests"/> checks the body before it is bound.</summary>
internal sealed record JsonRequestBody(Type Type, bool Optional = false);

/// <summary>
/// Checks the JSON body of every endpoint that takes one (<see cref="JsonRequestBody"/>, set by
/// <see cref="ApiExtensions.AcceptsJson{TRequest}"/>) before the framework binds it, reading it the way the binding will
/// (the app's <see cref="JsonOptions"/>, the request's own type), so that every body the binding would refuse is refused
/// here first with a ProblemDetails that says what is wrong: wrong content type 415, over 64 KiB 413; not UTF-8 text
/// (<see cref="JsonEncoding"/>), not one JSON object, a duplicate property, or a field that is missing, null or of the
/// wrong type 400, naming the field. A body that passes is handed on, byte for byte, to be bound.
/// </summary>
internal static class JsonRequests
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    /// <summary>Placed after authorization, so that a caller who may not call an endpoint learns nothing from its body rules.</summary>
    public static IApplicationBuilder UseJsonRequestBodies(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<JsonRequestBody>() is { } body && !(body.Optional && HasNoBody(context.Request)))
        {
            var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var (bytes, problem) = await ReadAsync(context.Request, options.GetTypeInfo(body.Type), context.RequestAborted);
            if (problem is not null)
            {
                await problem.ExecuteAsync(context);
                return;
            }

            context.Request.Body = new MemoryStream(bytes!, writable: false);
        }

        await next(context);
    });

    private static bool HasNoBody(HttpRequest request) =>
        request.ContentLength == 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0);

    private static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, JsonTypeInfo type, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON (Content-Type: application/json)."));
        }

        if (request.ContentLength > ApiOptions.MaxRequestBodyBytes)
        {
            return (null, TooLarge());
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
                    return (null, TooLarge());
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }

        var json = buffer.ToArray();
        var error = JsonEncoding.Problem(json) ?? Shape(json, type);
        return error is null ? (json, null) : (null, ApiProblems.BadRequest(error));
    }

    /// <summary>What is wrong with the body as a JSON object of <paramref name="type"/>, or null when it binds.</summary>
    private static string? Shape(byte[] json, JsonTypeInfo type)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException)
        {
            return "The body is not valid JSON (or repeats a property).";
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "The body must be a JSON object.";
            }

            try
            {
                JsonSerializer.Deserialize(json, type);
                return null;
            }
            catch (JsonException exception)
            {
                return Describe(exception, document.RootElement, type);
            }
        }
    }

    /// <summary>The field a refused binding names, and what is wrong with it, in words a client can show.</summary>
    private static string Describe(JsonException exception, JsonElement body, JsonTypeInfo type)
    {
        if (exception is JsonFieldException field)
        {
            return $"{Field(exception.Path)}: {field.Message}";
        }

        var property = type.Properties.FirstOrDefault(p => p.Name == Field(exception.Path));
        if (property is null)
        {
            // The path is the object itself: a required field is missing.
            var missing = type.Properties.FirstOrDefault(p => p.IsRequired && !body.TryGetProperty(p.Name, out _));
            return missing is null ? "The body does not match the request's shape." : $"{missing.Name} is required.";
        }

        if (!body.TryGetProperty(property.Name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return $"{property.Name} is required.";
        }

        var kind = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return kind switch
        {
            _ when kind == typeof(Guid) => $"{property.Name} must be a UUID.",
            _ when kind == typeof(string) => $"{property.Name} must be a string.",
            _ when kind == typeof(decimal) || kind == typeof(int) || kind == typeof(long) || kind == typeof(double) => $"{property.Name} must be a number.",
            _ when kind.IsEnum => $"{property.Name} must be one of {string.Join(", ", Enum.GetNames(kind).Select(name => JsonNamingPolicy.CamelCase.ConvertName(name)))}.",
            _ => $"{property.Name} has the wrong type.",
        };
    }

    /// <summary>The last property name of a JSON path such as <c>$.offerSendId</c>.</summary>
    private static string Field(string? path) =>
        path is null || path.LastIndexOf('.') is var dot && dot < 0 ? "" : path[(dot + 1)..];

    private static ProblemHttpResult TooLarge() =>
        ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, $"The body must be at most {ApiOptions.MaxRequestBodyBytes / 1024} KiB.");
}

/// <summary>A converter's refusal of a field's value, with a message a client can show; the field's name is put before it.</summary>
internal sealed class JsonFieldException(string message) : JsonException(message);
