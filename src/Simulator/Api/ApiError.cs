using Microsoft.AspNetCore.Http;

namespace BatchInfer.Simulator.Api;

/// <summary>Errors in the spec's ErrorResponse shape: {"error":{"message","type","param","code"}}.</summary>
internal static class ApiError
{
    public const string InvalidRequest = "invalid_request_error";

    public static IResult BadRequest(string message, string? param = null, string code = InvalidRequest) =>
        Result(StatusCodes.Status400BadRequest, message, InvalidRequest, param, code);

    public static IResult NotFound(string message, string param) =>
        Result(StatusCodes.Status404NotFound, message, InvalidRequest, param, "not_found");

    public static IResult Result(int status, string message, string type, string? param, string? code) =>
        Results.Json(Body(message, type, param, code), statusCode: status);

    public static Task WriteAsync(HttpContext context, int status, string message, string type, string? code)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Body(message, type, null, code));
    }

    private static object Body(string message, string type, string? param, string? code) =>
        new { error = new { message, type, param, code } };
}
