using System.Net.Http.Headers;
using System.Text.Json;
using Json.Schema;

namespace Majster.Tests.Support;

/// <summary>
/// The OpenAPI document as a contract for real answers: an answer's status must be one its operation lists, its
/// media type one listed for that status, and its body valid against that schema (JSON Schema 2020-12, formats
/// asserted), with the document's own <c>$ref</c>s resolved inside it.
/// </summary>
public sealed class OpenApiContract
{
    private static readonly Uri Base = new("https://majster.test/openapi/v1.json");
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private readonly JsonElement _document;
    private readonly BuildOptions _build;
    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    public OpenApiContract(string documentJson)
    {
        _document = JsonDocument.Parse(documentJson).RootElement.Clone();
        var registry = new SchemaRegistry();
        registry.Register(new JsonElementBaseDocument(_document, Base));
        _build = new BuildOptions { SchemaRegistry = registry };
    }

    /// <summary>Every operation in the document, as <c>METHOD /template</c>.</summary>
    public IEnumerable<string> Operations =>
        _document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"));

    /// <summary>The operation (<c>METHOD /template</c>) a request is for, or null when the document has none.</summary>
    public string? OperationFor(HttpMethod method, string path)
    {
        var segments = path.Split('?')[0].Trim('/').Split('/');
        foreach (var template in _document.GetProperty("paths").EnumerateObject())
        {
            var parts = template.Name.Trim('/').Split('/');
            if (parts.Length == segments.Length &&
                parts.Zip(segments).All(pair => pair.First.StartsWith('{') || string.Equals(pair.First, pair.Second, StringComparison.Ordinal)) &&
                template.Value.TryGetProperty(method.Method.ToLowerInvariant(), out _))
            {
                return $"{method.Method} {template.Name}";
            }
        }

        return null;
    }

    /// <summary>What is wrong with the answer against the document, or nothing.</summary>
    public IReadOnlyList<string> Check(string operation, int status, MediaTypeHeaderValue? contentType, string body)
    {
        var (method, template) = (operation.Split(' ')[0].ToLowerInvariant(), operation.Split(' ')[1]);
        var responses = _document.GetProperty("paths").GetProperty(template).GetProperty(method).GetProperty("responses");
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!responses.TryGetProperty(code, out var response))
        {
            return [$"{operation}: {code} is not among its responses ({string.Join(", ", responses.EnumerateObject().Select(r => r.Name))})"];
        }

        if (!response.TryGetProperty("content", out var content))
        {
            return body.Length == 0 ? [] : [$"{operation} {code}: the document lists no body, the answer has one"];
        }

        var media = contentType?.MediaType ?? "";
        if (!content.TryGetProperty(media, out var described))
        {
            return [$"{operation} {code}: {media} is not among {string.Join(", ", content.EnumerateObject().Select(c => c.Name))}"];
        }

        // A body that is not JSON (the CSV export) is text, as its schema says.
        if (!media.EndsWith("json", StringComparison.Ordinal))
        {
            return described.GetProperty("schema").GetProperty("type").GetString() == "string" ? [] : [$"{operation} {code}: {media} is not described as text"];
        }

        // The operation's schema, with its references to the document's components made absolute.
        var key = $"{operation} {code} {media}";
        if (!_schemas.TryGetValue(key, out var schema))
        {
            var text = described.GetProperty("schema").GetRawText().Replace("\"#/components/", $"\"{Base}#/components/", StringComparison.Ordinal);
            schema = JsonSchema.FromText(text, _build, new Uri(Base, $"/responses/{_schemas.Count}"));
            _schemas[key] = schema;
        }

        using var instance = JsonDocument.Parse(body);
        var results = schema.Evaluate(instance.RootElement, Evaluation);
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{operation} {code} at {d.InstanceLocation}: {e.Key}: {e.Value}"))
                .DefaultIfEmpty($"{operation} {code}: the body does not match its schema")];
    }
}
