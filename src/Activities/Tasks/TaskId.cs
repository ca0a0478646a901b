using System.Text.RegularExpressions;

namespace BatchInfer.Activities.Tasks;

/// <summary>Task ids name directories, so they are checked before any file is touched (docs/results.md).</summary>
public static partial class TaskId
{
    public static string? Problem(string? taskId) => taskId switch
    {
        null or "" => "a task id is required: -task-id NAME",
        "." or ".." => $"task id '{taskId}' is not allowed",
        _ when !Pattern().IsMatch(taskId) =>
            $"task id '{taskId}' is not allowed: use 1-64 characters of letters, digits, '.', '_' and '-'",
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex Pattern();
}
