using System.Buffers;
using System.Text.Unicode;
using BatchInfer.Activities.Lines;

namespace BatchInfer.Activities.Input;

/// <summary>
/// What a line is before anything about the task is known: blank, not a JSON object (with the reason), or an
/// object with its interesting fields. It depends on the line alone, so lines are checked on all cores
/// (<see cref="LineScan{T}"/>) and the rest of the validation runs in line order.
/// </summary>
internal readonly record struct InputLineCheck(long Offset, bool IsBlank, string? Reason, LineFields Fields)
{
    /// <summary>The bytes JSON allows between tokens.</summary>
    public static ReadOnlySpan<byte> JsonWhitespace => " \t\r\n"u8;

    public static InputLineCheck Of(ReadOnlySpan<byte> line, long offset, ReadOnlySpan<byte> messagesKey)
    {
        if (line.Trim(JsonWhitespace).IsEmpty)
        {
            return new InputLineCheck(offset, true, null, default);
        }
        if (!Utf8.IsValid(line))
        {
            return new InputLineCheck(offset, false, $"not valid UTF-8 (first bad byte at byte {FirstInvalidByte(line) + 1} of the line)", default);
        }
        var reason = InputLineParser.Parse(line, messagesKey, out var fields);
        return new InputLineCheck(offset, false, reason, fields);
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> line)
    {
        var offset = 0;
        while (offset < line.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(line[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }
            offset += consumed;
        }
        return offset;
    }

    /// <summary>Checks lines for a <see cref="LineScan{T}"/>.</summary>
    public sealed class Inspector(byte[] messagesKey) : ILineInspector<InputLineCheck>
    {
        public InputLineCheck Inspect(ReadOnlySpan<byte> line, long offset) => Of(line, offset, messagesKey);
    }
}
