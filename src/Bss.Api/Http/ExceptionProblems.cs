using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;

namespace Bss.Api.Http;

/// <summary>
/// Turns what escapes an endpoint into a problem+json answer: bad input → 400, a dependency that is down or a
/// silo that is gone → 503 with Retry-After, a lost write race → 409, anything else → 500 without internals.
/// </summary>
public sealed partial class ExceptionProblems(ILogger<ExceptionProblems> logger, IEnumerable<ITransientFailureDetector> detectors)
    : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Classify(httpContext, exception);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            LogDependencyDown(logger, httpContext.Request.Path, exception.GetType().Name, exception.Message);
        }
        else if (problem.Status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.Request.Path);
        }

        await ApiResponse.Problem(problem).ToResult().ExecuteAsync(httpContext);
        return true;
    }

    private ApiProblem Classify(HttpContext http, Exception exception)
    {
        if (exception is BadHttpRequestException bad)
        {
            if (Find<JsonException>(bad) is { } json)
            {
                var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
                return ApiProblem.Create(http, StatusCodes.Status400BadRequest, "MALFORMED_REQUEST", "Malformed request",
                    $"The request body is not valid JSON for this endpoint (at {field}).",
                    new Dictionary<string, string[]> { [field] = ["has a value of the wrong type or malformed JSON"] });
            }

            return ApiProblem.Create(http, bad.StatusCode, "MALFORMED_REQUEST", "Malformed request", bad.Message);
        }

        if (Find<InconsistentStateException>(exception) is not null)
        {
            return ApiProblem.Create(http, StatusCodes.Status409Conflict, "CONFLICT", "Concurrent modification",
                "Another request changed this resource at the same time. Read it again and retry.");
        }

        if (IsDependencyFailure(exception))
        {
            return ApiProblem.Create(http, StatusCodes.Status503ServiceUnavailable, "SERVICE_UNAVAILABLE", "Service unavailable",
                $"A backing service is unavailable. Retry after {RetryAfterSeconds} seconds.");
        }

        return ApiProblem.Create(http, StatusCodes.Status500InternalServerError, "INTERNAL_ERROR", "Internal error",
            "An unexpected error occurred. It has been logged with the trace id of this response.");
    }

    /// <summary>The database, Redis or another silo did not answer: the request may succeed when retried.</summary>
    private bool IsDependencyFailure(Exception exception)
    {
        // A dead silo is one kind of it; SiloFailover owns which exceptions say so (and retries them where it may).
        if (SiloFailover.IsSiloFailure(exception))
        {
            return true;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or SocketException or Bss.Abstractions.Common.DependencyUnavailableException || detectors.Any(d => d.IsTransient(e)))
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsDependencyFailure))
            {
                return true;
            }
        }

        return false;
    }

    private static T? Find<T>(Exception exception) where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dependency unavailable while serving {Path}: {ExceptionType}: {Reason}")]
    private static partial void LogDependencyDown(ILogger logger, string path, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error while serving {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string path);
}
