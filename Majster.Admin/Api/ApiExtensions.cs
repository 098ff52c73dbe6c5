using System.Text.Json;
using System.Text.Json.Serialization;
using Majster.Admin.Auth;
using Scalar.AspNetCore;

namespace Majster.Admin.Api;

/// <summary>The REST API: its services, its error shape and its endpoints.</summary>
internal static class ApiExtensions
{
    public static IServiceCollection AddMajsterApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMajsterApiAuth();
        services.AddApiRateLimiting();
        services.AddApiCors();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.Configure<ProblemDetailsOptions>(options => options.CustomizeProblemDetails = context =>
        {
            // What the runbook's clients read: success false and the message to show (a validation problem's first).
            context.ProblemDetails.Extensions["success"] = false;
            context.ProblemDetails.Extensions["error"] = context.ProblemDetails is HttpValidationProblemDetails { Errors.Count: > 0 } validation
                ? validation.Errors.First().Value.FirstOrDefault() ?? validation.Title
                : context.ProblemDetails.Detail ?? context.ProblemDetails.Title;
        });
        services.ConfigureHttpJsonOptions(options =>
        {
            // The request types say what is required (constructor parameters without a default) and what may be null
            // (nullable annotations); numbers are numbers, never strings; enums are their snake_case names.
            var json = options.SerializerOptions;
            json.RespectRequiredConstructorParameters = true;
            json.RespectNullableAnnotations = true;
            json.NumberHandling = JsonNumberHandling.Strict;
            json.Converters.Add(new InstantJsonConverter());
            json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        });
        services.AddValidation();
        services.AddApiDocument();
        return services;
    }

    public static IEndpointRouteBuilder MapMajsterApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();
        endpoints.MapScalarApiReference();

        endpoints.MapScheduleOfferApi();
        endpoints.MapSchedulerWorkerApi();
        endpoints.MapOffersApi();
        endpoints.MapOfferSendsApi();
        endpoints.MapMetricsApi();
        endpoints.MapUsersApi();
        endpoints.MapSendingApi();
        endpoints.MapTokensApi();
        endpoints.MapSuppressionsApi();
        return endpoints;
    }

    /// <summary>What every API group shares: the API policy (bearer or cookie), the rate limit and cross-origin calls.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder endpoints, string prefix, string tag, string policy = ApiAuthExtensions.ApiUserPolicy) =>
        endpoints.MapGroup(prefix)
            .WithTags(tag)
            .RequireAuthorization(policy)
            .RequireRateLimiting(ApiRateLimiting.Policy)
            .RequireCors(ApiCors.Policy)
            .WithMetadata(new ApiSecurity(ApiDocument.BearerScheme))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// A JSON body of <typeparamref name="TRequest"/>, checked before it is bound (<see cref="JsonRequests"/>), and the
    /// problems reading any body can give (400, 413, 415).
    /// </summary>
    public static RouteHandlerBuilder AcceptsJson<TRequest>(this RouteHandlerBuilder endpoint)
        where TRequest : notnull => endpoint.AcceptsJson<TRequest>(optional: false);

    /// <summary>As <see cref="AcceptsJson{TRequest}"/>, and a request without a body is taken as having none.</summary>
    public static RouteHandlerBuilder AcceptsOptionalJson<TRequest>(this RouteHandlerBuilder endpoint)
        where TRequest : notnull => endpoint.AcceptsJson<TRequest>(optional: true);

    private static RouteHandlerBuilder AcceptsJson<TRequest>(this RouteHandlerBuilder endpoint, bool optional)
        where TRequest : notnull => endpoint
        .WithMetadata(new JsonRequestBody(typeof(TRequest), optional))
        .Accepts<TRequest>("application/json")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
