namespace BatchInfer.Host.Studio;

/// <summary>How the reader wants to see the Studio: dark or light, times in UTC or local. Kept in the browser; cascaded to every page.</summary>
public sealed record StudioPreferences(bool Dark, bool Utc);
