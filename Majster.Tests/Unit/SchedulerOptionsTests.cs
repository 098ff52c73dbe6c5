using System.ComponentModel.DataAnnotations;
using Majster.Core.Scheduling;

namespace Majster.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class SchedulerOptionsTests
{
    [Fact]
    public void Validate_AcceptsTheDefaults()
    {
        Assert.Empty(Validate(new SchedulerOptions()));
    }

    public static TheoryData<SchedulerOptions, string> Nonsense => new()
    {
        { new SchedulerOptions { BatchSize = 0 }, "BatchSize" },
        { new SchedulerOptions { SendConcurrency = 0 }, "SendConcurrency" },
        { new SchedulerOptions { BaseDelay = TimeSpan.FromSeconds(-1) }, "BaseDelay" },
        { new SchedulerOptions { LockTtl = TimeSpan.Zero }, "LockTtl" },
        { new SchedulerOptions { MaxDelay = TimeSpan.FromSeconds(30) }, "MaxDelay" },
        { new SchedulerOptions { MaxRetries = -1 }, "MaxRetries" },
    };

    [Theory]
    [MemberData(nameof(Nonsense))]
    public void Validate_NamesTheSetting_WhenItIsNonsense(SchedulerOptions options, string setting)
    {
        var errors = Validate(options);

        Assert.Contains(errors, e => e.MemberNames.Contains(setting));
    }

    private static List<ValidationResult> Validate(SchedulerOptions options)
    {
        List<ValidationResult> results = [];
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
