using Majster.Core.Inbound;

namespace Majster.Tests.Unit;

/// <summary>A suppressed address is one address however its domain is spelled, as the app's address rule says.</summary>
[Trait("Category", "Unit")]
public sealed class SuppressionAddressTests
{
    [Theory]
    [InlineData("Jan@Żółw.PL", "Jan@xn--w-uga1v8h.pl")]
    [InlineData("Jan@xn--w-uga1v8h.pl", "Jan@xn--w-uga1v8h.pl")]
    [InlineData("jan@Client.EXAMPLE", "jan@client.example")]
    public void Normalize_GivesTheRulesOneForm(string given, string stored) =>
        Assert.Equal(stored, SuppressionList.Normalize(given));

    [Fact]
    public void Explain_SaysTheAddressWhyAndSince_WithoutRepeatingTheStatus()
    {
        var suppression = new Suppression
        {
            Address = "jan@client.example",
            Reason = "Hard bounce",
            Status = "5.1.1",
            Diagnostic = "550 5.1.1 User unknown",
            CreatedAt = new DateTimeOffset(2026, 12, 7, 4, 0, 0, TimeSpan.Zero),
        };

        Assert.Equal(
            "The address jan@client.example is suppressed: Hard bounce (550 5.1.1 User unknown) since 2026-12-07 04:00Z. An admin can lift it on the Suppressions page.",
            suppression.Explain());
    }
}
