namespace Majster.Core.Scheduling;

/// <summary>What a tick's writer counted of the outcomes it recorded.</summary>
internal sealed class TickTotals
{
    public int Sent { get; set; }
    public int Retried { get; set; }
    public int MarkedFailed { get; set; }

    /// <summary>Outcomes fenced out: the row's lease had expired and another worker held it.</summary>
    public int Skipped { get; set; }
}
