using System.Net;

namespace BatchInfer.Host.Studio;

/// <summary>The few pages the Studio serves without a session: plain HTML, no script, nothing from elsewhere.</summary>
internal static class StudioPages
{
    public static string SignInNeeded() => Page(
        "Sign in to BatchInfer Studio",
        "This page needs a Studio session. In the task directory, run <code>batch_infer studio</code>: it prints a one-time " +
        "sign-in link (and opens it when there is a desktop). A link is good once, for five minutes.");

    private static string Page(string title, string bodyHtml) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)}</title>
        <style>body{"{"}font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em;line-height:1.5{"}"}code{"{"}background:#eee;padding:.1em .3em{"}"}</style>
        </head><body><h1>{WebUtility.HtmlEncode(title)}</h1><p id="sign-in-needed">{bodyHtml}</p></body></html>
        """;
}
