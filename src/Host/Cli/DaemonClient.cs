using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BatchInfer.Host.Api;
using BatchInfer.Host.Daemon;
using Microsoft.AspNetCore.Mvc;

namespace BatchInfer.Host.Cli;

/// <summary>The command line's only way to the daemon: its HTTP API on loopback, with the token from .daemon.lock.</summary>
internal sealed class DaemonClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;

    public DaemonClient(DaemonInfo daemon)
    {
        Daemon = daemon;
        // No client-wide timeout: the event stream lasts as long as the task; single calls get CallTimeout.
        _http = new HttpClient { BaseAddress = daemon.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", daemon.Token);
    }

    public DaemonInfo Daemon { get; }

    /// <summary>The running daemon, started first when <paramref name="start"/> (null when none runs and none may be started).</summary>
    /// <param name="workflowPath">the pipeline definition a daemon started now loads (null: the shipped one)</param>
    public static async Task<DaemonClient?> ConnectAsync(string workDirectory, bool start, string? workflowPath, CancellationToken cancellationToken)
    {
        // A daemon that is just stopping (idle exit) still shows in the file for a moment: try again until one answers.
        var deadline = DateTimeOffset.UtcNow + CallTimeout;
        while (true)
        {
            var info = start ? await DaemonSpawner.EnsureRunningAsync(workDirectory, workflowPath, cancellationToken) : DaemonLock.ReadLive(workDirectory);
            if (info is null)
            {
                return null;
            }
            var client = new DaemonClient(info);
            try
            {
                await client.StatusAsync(cancellationToken);
                return client;
            }
            catch (HttpRequestException) when (DateTimeOffset.UtcNow < deadline)
            {
                client.Dispose();
                if (!start && DaemonLock.ReadLive(workDirectory) is null)
                {
                    return null;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    public Task<DaemonStatusDto> StatusAsync(CancellationToken cancellationToken) => GetAsync<DaemonStatusDto>("api/daemon", cancellationToken);

    public async Task StopDaemonAsync(CancellationToken cancellationToken) =>
        await SendAsync<object>(HttpMethod.Post, "api/daemon/stop", null, cancellationToken);

    public Task<WorkflowDto> WorkflowAsync(CancellationToken cancellationToken) => GetAsync<WorkflowDto>("api/workflow", cancellationToken);

    public Task<TaskSummaryDto> StartTaskAsync(StartTaskRequest request, CancellationToken cancellationToken) =>
        SendAsync<TaskSummaryDto>(HttpMethod.Post, "api/tasks", request, cancellationToken)!;

    public Task<IReadOnlyList<TaskSummaryDto>> ListTasksAsync(CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<TaskSummaryDto>>("api/tasks", cancellationToken);

    public Task<TaskDetailDto> GetTaskAsync(string taskId, CancellationToken cancellationToken) =>
        GetAsync<TaskDetailDto>($"api/tasks/{Uri.EscapeDataString(taskId)}", cancellationToken);

    public Task<TaskSummaryDto> CancelTaskAsync(string taskId, CancellationToken cancellationToken) =>
        SendAsync<TaskSummaryDto>(HttpMethod.Post, $"api/tasks/{Uri.EscapeDataString(taskId)}/cancel", null, cancellationToken)!;

    /// <summary>The task's progress, as the daemon sends it, until the task ends (or is blocked).</summary>
    public async IAsyncEnumerable<TaskSummaryDto> FollowAsync(string taskId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/tasks/{Uri.EscapeDataString(taskId)}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var parser = SseParser.Create(stream, (_, data) => JsonSerializer.Deserialize<TaskSummaryDto>(data, Json)!);
        await foreach (var item in parser.EnumerateAsync(cancellationToken))
        {
            yield return item.Data;
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        (await SendAsync<T>(HttpMethod.Get, path, null, cancellationToken))!;

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }
        using var response = await _http.SendAsync(request, timeout.Token);
        await EnsureSuccessAsync(response, timeout.Token);
        return response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
            ? default
            : await response.Content.ReadFromJsonAsync<T>(Json, timeout.Token);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        ProblemDetails? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            // Not a problem document: the status code alone has to do.
        }
        throw new DaemonApiException(response.StatusCode, problem?.Detail ?? problem?.Title ?? $"the daemon answered HTTP {(int)response.StatusCode}");
    }
}

/// <summary>The daemon refused a request; the message is its problem detail, written for the user.</summary>
internal sealed class DaemonApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
