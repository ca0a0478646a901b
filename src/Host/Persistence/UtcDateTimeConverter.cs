using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BatchInfer.Host.Persistence;

/// <summary>
/// Stores every DateTime as UTC and hands it back with Kind=Utc: the engine compares times with
/// DateTime.UtcNow, and SQLite keeps no Kind. An Unspecified value is taken to be UTC already.
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => ToUtc(value),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc))
{
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };
}
