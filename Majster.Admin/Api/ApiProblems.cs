using Majster.Core.Offers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Majster.Admin.Api;

/// <summary>ProblemDetails answers (<c>success: false</c> and <c>error</c> are added by the ProblemDetails service).</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult BadRequest(string error) => Problem(StatusCodes.Status400BadRequest, error);

    public static ProblemHttpResult NotFound(string error) => Problem(StatusCodes.Status404NotFound, error);

    public static ProblemHttpResult Conflict(string error) => Problem(StatusCodes.Status409Conflict, error);

    public static ProblemHttpResult Problem(int status, string error) => TypedResults.Problem(detail: error, statusCode: status);

    /// <summary>The answer to a refused action.</summary>
    public static ProblemHttpResult From<T>(Outcome<T> outcome)
        where T : class => outcome.Kind switch
    {
        OutcomeKind.Invalid => BadRequest(outcome.Error!),
        OutcomeKind.NotFound => NotFound(outcome.Error!),
        OutcomeKind.Conflict => Conflict(outcome.Error!),
        OutcomeKind.Stale => Problem(StatusCodes.Status412PreconditionFailed, outcome.Error!),
        _ => throw new ArgumentException("A successful outcome is not a problem.", nameof(outcome)),
    };
}
