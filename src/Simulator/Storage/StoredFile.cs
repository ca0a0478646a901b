namespace BatchInfer.Simulator.Storage;

/// <summary>An uploaded or produced file: its bytes stay on disk at <see cref="Path"/>.</summary>
internal sealed record StoredFile(string Id, string FileName, string Purpose, long Bytes, long CreatedAt, string Path, InputFacts? Facts)
{
    public const string BatchPurpose = "batch";
    public const string BatchOutputPurpose = "batch_output";

    public object ToJson() => new
    {
        id = Id,
        @object = "file",
        bytes = Bytes,
        created_at = CreatedAt,
        expires_at = (long?)null,
        filename = FileName,
        purpose = Purpose,
        status = "processed",
        status_details = (string?)null,
    };
}

/// <summary>What validating an input file established about it.</summary>
internal sealed record InputFacts(int Requests, string Model, string Url);
