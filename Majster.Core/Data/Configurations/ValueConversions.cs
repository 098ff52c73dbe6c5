using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Majster.Core.Data.Configurations;

/// <summary>How the enums are stored: as the lower-case words the runbook and its SQL use.</summary>
internal static class ValueConversions
{
    public static readonly ValueConverter<OfferSendStatus, string> Status =
        new(status => status.ToText(), text => OfferSendStatusText.Parse(text));

    public static readonly ValueConverter<AttemptOutcome, string> Outcome =
        new(outcome => AttemptOutcomeText.ToText(outcome), text => AttemptOutcomeText.Parse(text));

    public static readonly ValueConverter<FailureReason, string> Failure =
        new(reason => reason.Code, code => FailureReason.FromCode(code));
}
