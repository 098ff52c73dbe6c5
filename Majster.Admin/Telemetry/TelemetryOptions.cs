namespace Majster.Admin.Telemetry;

/// <summary>The <c>OpenTelemetry</c> section.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "OpenTelemetry";

    /// <summary>Where to push traces and metrics over OTLP (e.g. <c>http://collector:4317</c>); unset = no push, no tracing.</summary>
    public Uri? OtlpEndpoint { get; set; }
}
