using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Majster.Core.Offers;

namespace Majster.Admin.Api;

/// <summary>
/// Validation attributes of the request records that refuse in the input rules' own words (<see cref="RuleText"/>),
/// naming the field as the API spells it, so that a message is written once whichever check meets the value first.
/// </summary>
internal static class RuleAttributes
{
    public static string ApiName(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}

/// <summary>A text of at most <c>maximumLength</c> characters (<see cref="RuleText.TooLong"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class TextLengthAttribute(int maximumLength) : StringLengthAttribute(maximumLength)
{
    public override string FormatErrorMessage(string name) => RuleText.TooLong.Format(RuleAttributes.ApiName(name), MaximumLength);
}

/// <summary>Three letters, as every ISO 4217 code is (<see cref="RuleText.NotACurrency"/>); the code itself is checked by the service.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class CurrencyCodeAttribute : StringLengthAttribute
{
    public CurrencyCodeAttribute()
        : base(3) => MinimumLength = 3;

    public override string FormatErrorMessage(string name) => RuleText.NotACurrency.Format(RuleAttributes.ApiName(name));
}

/// <summary>One of the e-mail languages (<see cref="OfferInputRules.Languages"/>, <see cref="RuleText.NotALanguage"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class LanguageAttribute() : AllowedValuesAttribute([.. OfferInputRules.Languages])
{
    public override string FormatErrorMessage(string name) => RuleText.NotALanguage.Format(RuleAttributes.ApiName(name));
}
