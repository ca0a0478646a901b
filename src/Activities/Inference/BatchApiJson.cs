using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchInfer.Activities.Inference;

// Wire shapes of the OpenAI Batch API (src/Simulator/Validation/openai-batch-openapi.yaml). Everything optional is
// nullable: providers leave fields out or send null, and neither may break parsing.

internal sealed record CreateBatchRequestDto(
    string InputFileId,
    string Endpoint,
    string CompletionWindow,
    Dictionary<string, string> Metadata);

internal sealed record FileDto(string? Id, long? Bytes, string? Filename, string? Purpose, string? Status);

internal sealed record RequestCountsDto(int? Total, int? Completed, int? Failed);

internal sealed record BatchErrorDto(string? Code, string? Message, string? Param, int? Line);

internal sealed record BatchErrorListDto(List<BatchErrorDto>? Data);

internal sealed record BatchDto(
    string? Id,
    string? Status,
    string? Endpoint,
    string? InputFileId,
    string? OutputFileId,
    string? ErrorFileId,
    long? CreatedAt,
    long? ExpiresAt,
    long? CompletedAt,
    long? FailedAt,
    long? ExpiredAt,
    long? CancelledAt,
    RequestCountsDto? RequestCounts,
    BatchErrorListDto? Errors,
    Dictionary<string, JsonElement>? Metadata);

internal sealed record BatchListDto(List<BatchDto>? Data, bool? HasMore, string? LastId);

internal sealed record ErrorDto(string? Message, string? Type, string? Code, string? Param);

internal sealed record ErrorResponseDto(ErrorDto? Error, string? Message);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CreateBatchRequestDto))]
[JsonSerializable(typeof(FileDto))]
[JsonSerializable(typeof(BatchDto))]
[JsonSerializable(typeof(BatchListDto))]
[JsonSerializable(typeof(ErrorResponseDto))]
internal sealed partial class BatchApiJsonContext : JsonSerializerContext;
