using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BatchInfer.Host.Api;
using BatchInfer.Host.Daemon;
using BatchInfer.Host.Studio;

namespace BatchInfer.Host.Cli;

/// <summary>The command line's only way to the daemon: its HTTP API on loopback, with the token from .daemon.lock.</summary>
internal sealed class DaemonClient : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RelocateEvery = TimeSpan.FromMilliseconds(200);

    /// <summary>Finds the daemon again (null: none runs) when the one in hand refused the connection; null: no second look.</summary>
    private readonly Func<CancellationToken, Task<DaemonInfo?>>? _relocate;

    private HttpClient _http;

    /// <summary>The daemon has answered once: from then on a refused connection is an error like any other.</summary>
    private bool _answered;

    public DaemonClient(DaemonInfo daemon)
        : this(daemon, relocate: null)
    {
    }

    /// <param name="relocate">finds the daemon again when this one refuses the connection before it has answered (null: none runs)</param>
    internal DaemonClient(DaemonInfo daemon, Func<CancellationToken, Task<DaemonInfo?>>? relocate)
    {
        _relocate = relocate;
        Daemon = daemon;
        _http = NewHttpClient(daemon);
    }

    public DaemonInfo Daemon { get; private set; }

    /// <summary>
    /// The running daemon, started first when <paramref name="start"/> (null when none runs and none may be started). No
    /// request is made to find out: the first call of the command is the test (see <see cref="RelocatingAsync{T}"/>).
    /// </summary>
    /// <param name="workflowPath">the pipeline definition a daemon started now loads (null: the shipped one)</param>
    public static async Task<DaemonClient?> ConnectAsync(string workDirectory, bool start, string? workflowPath, CancellationToken cancellationToken)
    {
        async Task<DaemonInfo?> Locate(CancellationToken token) =>
            start ? await DaemonSpawner.EnsureRunningAsync(workDirectory, workflowPath, token) : DaemonLock.ReadLive(workDirectory);

        return await Locate(cancellationToken) is { } info ? new DaemonClient(info, Locate) : null;
    }

    public Task<DaemonStatusDto> StatusAsync(CancellationToken cancellationToken) =>
        GetAsync("api/daemon", DaemonApiJson.Default.DaemonStatusDto, cancellationToken);

    public Task StopDaemonAsync(CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, "api/daemon/stop", cancellationToken);

    public Task<WorkflowDto> WorkflowAsync(CancellationToken cancellationToken) => GetAsync("api/workflow", DaemonApiJson.Default.WorkflowDto, cancellationToken);

    public Task<TaskSummaryDto> StartTaskAsync(StartTaskRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/tasks", () => JsonContent.Create(request, DaemonApiJson.Default.StartTaskRequest),
            DaemonApiJson.Default.TaskSummaryDto, cancellationToken)!;

    public Task<IReadOnlyList<TaskSummaryDto>> ListTasksAsync(CancellationToken cancellationToken) =>
        GetAsync("api/tasks", DaemonApiJson.Default.IReadOnlyListTaskSummaryDto, cancellationToken);

    public Task<TaskDetailDto> GetTaskAsync(string taskId, CancellationToken cancellationToken) =>
        GetAsync($"api/tasks/{Uri.EscapeDataString(taskId)}", DaemonApiJson.Default.TaskDetailDto, cancellationToken);

    public Task<TaskSummaryDto> CancelTaskAsync(string taskId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/tasks/{Uri.EscapeDataString(taskId)}/cancel", null, DaemonApiJson.Default.TaskSummaryDto, cancellationToken)!;

    public Task<StudioSignInLinkDto> StudioSignInLinkAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/studio/sign-in-links", null, DaemonApiJson.Default.StudioSignInLinkDto, cancellationToken)!;

    /// <summary>POST /api/tasks/{id}/{control}: pause, resume or retry-failed; the summary after it.</summary>
    public Task<TaskSummaryDto> ControlTaskAsync(string taskId, string control, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/tasks/{Uri.EscapeDataString(taskId)}/{control}", null, DaemonApiJson.Default.TaskSummaryDto, cancellationToken)!;

    /// <summary>The task's progress, as the daemon sends it, until the task ends (or is blocked).</summary>
    public async IAsyncEnumerable<TaskSummaryDto> FollowAsync(string taskId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = $"api/tasks/{Uri.EscapeDataString(taskId)}/events";
        using var response = await RelocatingAsync(async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
        }, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        // The stream carries journal entries too; progress needs only the summaries.
        var parser = SseParser.Create(stream, (type, data) =>
            type == TaskEvents.SummaryEvent ? JsonSerializer.Deserialize(data, DaemonApiJson.Default.TaskSummaryDto) : null);
        await foreach (var item in parser.EnumerateAsync(cancellationToken))
        {
            if (item.Data is { } summary)
            {
                yield return summary;
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient NewHttpClient(DaemonInfo daemon)
    {
        // Loopback only: no proxy to look for. No client-wide timeout: the event stream lasts as long as the task; single calls get CallTimeout.
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = daemon.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", daemon.Token);
        return http;
    }

    /// <summary>
    /// <paramref name="call"/>, made again with the daemon found anew while the one in hand refuses the connection and has never
    /// answered: a daemon that is just stopping (idle exit) still shows in .daemon.lock for a moment. A request that could not
    /// connect was never sent, so any request may be made again.
    /// </summary>
    private async Task<T> RelocatingAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + CallTimeout;
        while (true)
        {
            try
            {
                var result = await call(cancellationToken);
                _answered = true;
                return result;
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError && !_answered && _relocate is not null
                && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(RelocateEvery, cancellationToken);
                var daemon = await _relocate(cancellationToken) ?? throw new DaemonNotRunningException();
                _http.Dispose();
                _http = NewHttpClient(daemon);
                Daemon = daemon;
            }
        }
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> answer, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, path, body: null, answer, cancellationToken))!;

    private async Task SendAsync(HttpMethod method, string path, CancellationToken cancellationToken) =>
        await SendAsync<object>(method, path, body: null, answer: null, cancellationToken);

    /// <param name="body">makes the request's body (once per attempt); null: none</param>
    /// <param name="answer">the shape of the answer; null: the answer is not read</param>
    private async Task<T?> SendAsync<T>(
        HttpMethod method, string path, Func<HttpContent>? body, JsonTypeInfo<T>? answer, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        using var response = await RelocatingAsync(async token =>
        {
            using var request = new HttpRequestMessage(method, path) { Content = body?.Invoke() };
            return await _http.SendAsync(request, token);
        }, timeout.Token);
        await EnsureSuccessAsync(response, timeout.Token);
        return answer is null || response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
            ? default
            : await response.Content.ReadFromJsonAsync(answer, timeout.Token);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        ProblemDocument? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync(DaemonApiJson.Default.ProblemDocument, cancellationToken);
        }
        catch (JsonException)
        {
            // Not a problem document: the status code alone has to do.
        }
        throw new DaemonApiException(response.StatusCode, problem?.Detail ?? problem?.Title ?? $"the daemon answered HTTP {(int)response.StatusCode}");
    }
}

/// <summary>The daemon of a command that may not start one went away before it answered.</summary>
internal sealed class DaemonNotRunningException() : Exception("no batch_infer daemon is running");

/// <summary>The daemon refused a request; the message is its problem detail, written for the user.</summary>
internal sealed class DaemonApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
