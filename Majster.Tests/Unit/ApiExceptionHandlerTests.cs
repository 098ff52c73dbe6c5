using System.Net.Sockets;
using System.Text.Json;
using Majster.Admin.Api;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Majster.Tests.Unit;

/// <summary>The one exception handler: a database outage is 503, anything else 500, and no exception text leaves.</summary>
[Trait("Category", "Unit")]
public sealed class ApiExceptionHandlerTests
{
    public static TheoryData<string, int> Exceptions => new()
    {
        { "socket", 503 },
        { "timeout", 503 },
        { "wrapped", 503 },
        { "bug", 500 },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public async Task Handler_AnswersProblemDetails_WithoutTheExceptionText(string kind, int status)
    {
        Exception exception = kind switch
        {
            "socket" => new NpgsqlException("Failed to connect to 127.0.0.1:5432 secret-host", new SocketException((int)SocketError.ConnectionRefused)),
            "timeout" => new NpgsqlException("Exception while reading from stream secret-host", new TimeoutException("secret-host")),
            "wrapped" => new InvalidOperationException("EF wrapper secret-host", new NpgsqlException("secret-host", new SocketException())),
            _ => new InvalidOperationException("secret-host null reference"),
        };
        var services = new ServiceCollection().AddLogging().AddProblemDetails(options => options.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions["success"] = false;
            c.ProblemDetails.Extensions["error"] = c.ProblemDetails.Detail;
        }).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Headers.Accept = "application/json";
        context.Response.Body = new MemoryStream();
        var handler = new ApiExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<ApiExceptionHandler>.Instance);

        var handled = await handler.TryHandleAsync(context, exception, TestContext.Current.CancellationToken);

        Assert.True(handled);
        Assert.Equal(status, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("secret-host", body, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.False(problem.GetProperty("success").GetBoolean());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("error").GetString()));
        Assert.Equal(status == 503, context.Response.Headers.RetryAfter.Count == 1);
    }
}
