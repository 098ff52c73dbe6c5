using Microsoft.Extensions.Options;

namespace Majster.Core.Scheduling;

/// <summary>This process's name in leases (<c>locked_by</c>) and attempts.</summary>
public sealed record SchedulerInstance(string Name)
{
    public static SchedulerInstance From(IOptions<SchedulerOptions> options) =>
        new(string.IsNullOrWhiteSpace(options.Value.InstanceName)
            ? $"{Environment.MachineName}:{Environment.ProcessId}"
            : options.Value.InstanceName);
}
