using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BatchInfer.Tests.Studio;

/// <summary>Who gets in (StudioAccess, StudioEndpoints): a one-time link opens a cookie session for pages only; the rest is refused.</summary>
public sealed class StudioAccessTests(StudioFixture studio) : StudioTest(studio)
{
    private const string Foreign = "http://evil.example";

    [Theory]
    [InlineData("/")]
    [InlineData("/tasks/x")]
    [InlineData("/files/x/output.jsonl")]
    public async Task Page_WithoutSession_Refused401WithSignInHint(string path)
    {
        await using var context = await Studio.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(path);

        Assert.Equal(401, response!.Status);
        await Expect(page.Locator("#sign-in-needed")).ToContainTextAsync("batch_infer studio");
    }

    [Fact]
    public async Task Api_SessionCookieAlone_Refused401()
    {
        var page = await Studio.OpenAsync("/");

        // page.APIRequest sends the context's cookies: the session that opens pages does not open the API.
        var page200 = await page.APIRequest.GetAsync("/");
        var api = await page.APIRequest.GetAsync("/api/tasks");
        using var withToken = await Studio.Api.GetAsync("/api/tasks");

        Assert.Equal(200, page200.Status);
        Assert.Equal(401, api.Status);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
    }

    [Fact]
    public async Task SignInCode_UsedTwice_SecondRefused401WithoutCookie()
    {
        var link = await Studio.SignInLinkAsync();
        using var http = RawClient();

        using var first = await http.GetAsync(link);
        using var second = await http.GetAsync(link);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/", first.Headers.Location?.OriginalString);
        Assert.Contains(first.Headers.GetValues("Set-Cookie"), c => c.StartsWith("batch_infer_studio_", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.False(second.Headers.Contains("Set-Cookie"));
        Assert.Contains("id=\"sign-in-needed\"", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInLink_ForTask_RedirectsToTaskPage()
    {
        var link = await Studio.SignInLinkAsync("some-task");
        using var http = RawClient();

        using var response = await http.GetAsync(link);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/tasks/some-task", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Post_ForeignOrigin_Refused403_OwnOriginAccepted()
    {
        var cookie = await SessionCookieAsync();
        using var http = RawClient();

        using var foreign = await http.SendAsync(Logout(cookie, Foreign));
        using var own = await http.SendAsync(Logout(cookie, Studio.Daemon.BaseAddress.GetLeftPart(UriPartial.Authority)));

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        Assert.Equal("/login", own.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task LiveConnection_ForeignOrigin_Refused403_OwnOriginOpens()
    {
        var cookie = await SessionCookieAsync();

        var foreign = await OpenCircuitSocketAsync(cookie, Foreign);
        var own = await OpenCircuitSocketAsync(cookie, Studio.Daemon.BaseAddress.GetLeftPart(UriPartial.Authority));

        Assert.Equal(HttpStatusCode.Forbidden, foreign);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, own);
    }

    [Fact]
    public async Task Request_ForeignHost_Refused400EvenWithToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks");
        request.Headers.Host = "evil.example";

        using var response = await Studio.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_NoCodeOrTokenInAnyUrlVisited_CookieHttpOnlyAndStrict()
    {
        var task = await Studio.SucceededTaskAsync();
        var link = await Studio.SignInLinkAsync();
        var code = HttpUtility.ParseQueryString(new Uri(link).Query)["code"]!;
        await using var context = await Studio.NewContextAsync();
        var seen = new ConcurrentQueue<string>();
        context.Request += (_, request) => seen.Enqueue(request.Url + " " + string.Join(' ', request.Headers.Values));
        var page = await context.NewPageAsync();
        page.FrameNavigated += (_, frame) => seen.Enqueue(frame.Url);
        page.WebSocket += (_, socket) => seen.Enqueue(socket.Url);

        // Sign in, then go where a user goes: a task, one of its chunks, back to the list.
        await page.GotoAsync(link);
        await Expect(page.Locator(StudioBrowser.Ready)).ToBeAttachedAsync();
        await page.Locator($"tr[data-task={task}] a").ClickAsync();
        await page.WaitForURLAsync($"**/tasks/{task}");
        await page.Locator("[data-testid=chunk-matrix] a.chunk[data-chunk='1']").ClickAsync();
        await Expect(page.Locator("[data-testid=chunk-drawer] [data-field=batch_id]")).ToContainTextAsync("batch");
        await page.GoBackAsync();
        await page.GoBackAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        var withCode = seen.Where(entry => entry.Contains(code, StringComparison.Ordinal)).ToList();
        Assert.True(withCode.Count == 1 && withCode[0].StartsWith(link, StringComparison.Ordinal),
            "only the sign-in request may carry the code:\n" + string.Join('\n', withCode));
        Assert.Contains(seen, entry => entry.Contains("/_blazor", StringComparison.Ordinal));
        Assert.DoesNotContain(seen, entry => entry.Contains(Studio.Daemon.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(code, await page.ContentAsync(), StringComparison.Ordinal);
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name.StartsWith("batch_infer_studio_", StringComparison.Ordinal));
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain("batch_infer_studio_", await page.EvaluateAsync<string>("document.cookie"), StringComparison.Ordinal);
    }

    private static HttpClient RawClient() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    /// <summary>A session of its own ("name=value"), from a fresh link, for requests made by hand.</summary>
    private async Task<string> SessionCookieAsync()
    {
        using var http = RawClient();
        using var response = await http.GetAsync(await Studio.SignInLinkAsync());
        return response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    private HttpRequestMessage Logout(string cookie, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Studio.Daemon.BaseAddress, "/logout")) { Content = new StringContent("") };
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Origin", origin);
        return request;
    }

    /// <summary>The status of a WebSocket upgrade to the circuit hub, as a browser page of <paramref name="origin"/> would ask.</summary>
    private async Task<HttpStatusCode> OpenCircuitSocketAsync(string cookie, string origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", cookie);
        socket.Options.SetRequestHeader("Origin", origin);
        var uri = new UriBuilder(Studio.Daemon.BaseAddress) { Scheme = "ws", Path = "/_blazor" }.Uri;
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Refused: HttpStatusCode says how.
        }
        return socket.HttpStatusCode;
    }
}
