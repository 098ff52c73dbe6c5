using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Majster.Admin.Ui;
using Majster.Core.Inbound;
using Majster.Core.Offers;
using Majster.Core.Requests;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Majster.Admin.Api;

/// <summary>Which security scheme of the document an endpoint requires.</summary>
internal sealed record ApiSecurity(string Scheme);

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>), described from the very types the endpoints bind and answer, plus
/// what the types cannot say: the two security schemes (a bearer token, the cron's <c>X-Cron-Secret</c>) and which
/// operation takes which; the error envelope every problem carries (<c>success: false</c>, <c>error</c>,
/// <c>traceId</c>); instants as <c>date-time</c>; and the server as <c>Api:PublicUrl</c> says (else relative to the
/// document), never from the request's Host.
/// </summary>
internal static class ApiDocument
{
    public const string BearerScheme = "bearer";
    public const string CronSecretScheme = "cronSecret";

    /// <summary>The operations' tags, as their endpoints name them, and what each covers.</summary>
    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["Schedule offer"] = "The original schedule-offer function, at its own path and at Supabase's.",
        ["Scheduler"] = "The original scheduler-worker function, for an external cron.",
        ["Offers"] = "Quotes: a title, a client, an amount and the e-mail's language.",
        ["Offer sends"] = "The e-mails of offers to clients, and where each one's delivery stands.",
        ["Metrics"] = "The runbook's monitoring figures: a staff member's own sends, or the whole system's for an admin.",
        ["Users"] = "Staff and admin accounts and their API tokens (admins only).",
        ["API tokens"] = "The caller's own API tokens.",
    };

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer(DescribeAsync);
        options.AddOperationTransformer(SecureAsync);
        options.AddSchemaTransformer(ShapeAsync);
    });

    private static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var publicUrl = context.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value.PublicUrl;
        document.Info = new OpenApiInfo
        {
            Title = "Majster Admin API",
            Version = "v1",
            Description = "Offer sends of Majster.AI: the original schedule-offer and scheduler-worker contract, and the resources " +
                "behind the admin UI. Errors are ProblemDetails with success: false and error, the message to show.",
        };
        document.Servers = [new OpenApiServer { Url = publicUrl?.TrimEnd('/') ?? "/", Description = "Api:PublicUrl" }];
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(tag => new OpenApiTag { Name = tag.Key, Description = tag.Value }));
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
        {
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "mjt_…",
                Description = "An API token (Authorization: Bearer <token>), issued under /api/tokens or /api/users/{id}/tokens.",
            },
            [CronSecretScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = SchedulerWorkerApi.SecretHeader,
                Description = "Scheduler:CronSecret, for an external cron.",
            },
        };
        return Task.CompletedTask;
    }

    /// <summary>
    /// Each operation names the scheme its endpoint requires (<see cref="ApiSecurity"/>); one that tags an offer send
    /// (<see cref="EntityTagged"/>) says so in its answer's <c>ETag</c>, and takes <c>If-Match</c> when it changes it.
    /// </summary>
    private static Task SecureAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var scheme = metadata.OfType<ApiSecurity>().LastOrDefault()?.Scheme;
        operation.Security = scheme is null
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] }];
        DescribeQuery(operation);
        if (metadata.OfType<IdempotentEndpoint>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeys.Header,
                In = ParameterLocation.Header,
                Description = "Optional (IETF httpapi Idempotency-Key draft): a key of the caller's choosing, such as a UUID, " +
                    "to retry this request safely. Within 24 hours the same key with the same request answers the first answer " +
                    $"again, with {IdempotencyKeys.ReplayedHeader}: true, and changes nothing; with another request 422; while the " +
                    "first is still being carried out 409.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyStore.MaxKeyLength },
            });
        }

        if (metadata.OfType<EntityTagged>().LastOrDefault() is not { } tagged)
        {
            return Task.CompletedTask;
        }

        if (operation.Responses?.GetValueOrDefault("200") is OpenApiResponse ok)
        {
            ok.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            ok.Headers["ETag"] = new OpenApiHeader
            {
                Description = "The offer send's version, for If-Match.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }

        if (tagged.AcceptsIfMatch)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Description = "Only if the offer send is still this version (an ETag it answered); else 412. Without it the change applies to the send as it is.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The lists' query parameters, which the handlers read as text to answer a bad one with a message of their own
    /// (<see cref="PageQuery"/>), as what they accept: page numbers and sizes, a status, a bounded search.
    /// </summary>
    private static void DescribeQuery(OpenApiOperation operation)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query) ?? [])
        {
            parameter.Schema = parameter.Name switch
            {
                "page" => new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = PageQuery.MaxPage.ToString(CultureInfo.InvariantCulture) },
                "pageSize" => new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer, Minimum = "1", Maximum = PageQuery.MaxPageSize.ToString(CultureInfo.InvariantCulture),
                    Default = JsonValue.Create(PageQuery.DefaultPageSize),
                },
                "status" => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = $"^{Statuses}(,{Statuses})*$" },
                "q" => new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = OfferSendQueries.MaxSearchLength },
                "from" or "to" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
                "sort" => new OpenApiSchema
                {
                    Type = JsonSchemaType.String, Pattern = "^-?(createdAt|scheduledFor|status|clientEmail|subject)$",
                    Default = JsonValue.Create(OfferSendListParameters.DefaultSort),
                },
                "overdue" => new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true"), JsonValue.Create("false")] },
                "person" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                "delivery" => new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. Enum.GetValues<InboundOutcome>().Select(o => (JsonNode)JsonValue.Create(o.ToText()))] },
                _ => parameter.Schema,
            };
        }
    }

    /// <summary>
    /// Instants are <c>date-time</c> strings (their converter hides that from the generator); enums are strings;
    /// a property limited to some values lists them; a problem carries the envelope the runbook's clients read; a
    /// property written under snake_case names (<see cref="SnakeCaseJson{T}"/>) is described under those names.
    /// </summary>
    private static async Task ShapeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.CustomConverter is { } converter && SnakeCaseJson.Writes(converter))
        {
            await DescribeSnakeCaseAsync(schema, converter, context, cancellationToken);
            return;
        }

        var type = context.JsonTypeInfo.Type;
        var nullable = Nullable.GetUnderlyingType(type) is not null;
        if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(DateTimeOffset))
        {
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Format = "date-time";
        }
        else if (schema.Enum is { Count: > 0 } && schema.Type is null && (Nullable.GetUnderlyingType(type) ?? type).IsEnum)
        {
            schema.Type = JsonSchemaType.String;
        }
        else if (typeof(ProblemDetails).IsAssignableFrom(type))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            schema.Properties["success"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Enum = [JsonValue.Create(false)], Description = "Always false." };
            schema.Properties["error"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The message to show: the detail, or the first validation error." };
            schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, for the logs." };
            schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
            schema.Required.UnionWith(["status", "success", "error"]);
        }

        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), inherit: true)
                .OfType<AllowedValuesAttribute>().FirstOrDefault() is { } allowed)
        {
            // A null among the allowed values stands for "absent", which the schema's type already allows.
            schema.Enum = [.. allowed.Values.OfType<string>().Select(value => (JsonNode)JsonValue.Create(value))];
        }
    }

    /// <summary>
    /// The value's own schema (shaped as above) with its property names in snake_case, as a component named after the
    /// converter. The generator walks the properties under their camelCase names next and finds none: they are done.
    /// </summary>
    private static async Task DescribeSnakeCaseAsync(
        OpenApiSchema schema, JsonConverter converter, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var described = await context.GetOrCreateSchemaAsync(converter.Type!, parameterDescription: null, cancellationToken);
        schema.Properties = described.Properties?.ToDictionary(p => SnakeCaseJson.Name(p.Key), p => p.Value, StringComparer.Ordinal);
        schema.Required = described.Required?.Select(SnakeCaseJson.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in ((ISnakeCaseJson)converter).LeftOut)
        {
            schema.Properties?.Remove(name);
            schema.Required?.Remove(name);
        }

        schema.Metadata ??= new Dictionary<string, object>(StringComparer.Ordinal);
        schema.Metadata[SchemaIdKey] = converter.GetType().Name;
    }

    /// <summary>One status's text, as a pattern's alternatives.</summary>
    private static readonly string Statuses = $"({string.Join('|', Enum.GetValues<OfferSendStatus>().Select(s => s.ToText()))})";

    /// <summary>Where the generator keeps the component name a schema becomes a reference to.</summary>
    private const string SchemaIdKey = "x-schema-id";
}
