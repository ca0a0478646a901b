using System.Collections;
using System.Reflection;

namespace BatchInfer.Tests.Host.Persistence;

/// <summary>
/// Deep equality that also demands the same runtime type at every level and the same DateTime.Kind:
/// an int that comes back as a long, or a UTC time that comes back Unspecified, is a failure.
/// </summary>
internal static class StateAssert
{
    public static void Same(object? expected, object? actual, string path = "value")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        Assert.True(expected.GetType() == actual.GetType(), $"{path}: expected type {expected.GetType()}, got {actual.GetType()}");
        switch (expected)
        {
            case DateTime time:
                Assert.True(time.Kind == ((DateTime)actual).Kind, $"{path}: expected Kind {time.Kind}, got {((DateTime)actual).Kind}");
                Assert.True(time == (DateTime)actual, $"{path}: expected {time:O}, got {(DateTime)actual:O}");
                return;
            case DateTimeOffset offset:
                Assert.True(offset.EqualsExact((DateTimeOffset)actual), $"{path}: expected {offset:O}, got {(DateTimeOffset)actual:O}");
                return;
            case string or ValueType:
                Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
                return;
            case IDictionary dictionary:
                var other = (IDictionary)actual;
                Assert.True(dictionary.Count == other.Count, $"{path}: expected {dictionary.Count} entries, got {other.Count}");
                foreach (DictionaryEntry entry in dictionary)
                {
                    Assert.True(other.Contains(entry.Key), $"{path}: key {entry.Key} missing");
                    Same(entry.Value, other[entry.Key], $"{path}[{entry.Key}]");
                }

                return;
            case IEnumerable sequence:
                var left = sequence.Cast<object?>().ToList();
                var right = ((IEnumerable)actual).Cast<object?>().ToList();
                Assert.True(left.Count == right.Count, $"{path}: expected {left.Count} items, got {right.Count}");
                for (var i = 0; i < left.Count; i++)
                {
                    Same(left[i], right[i], $"{path}[{i}]");
                }

                return;
        }

        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.CanRead && property.GetIndexParameters().Length == 0)
            {
                Same(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
            }
        }
    }
}
