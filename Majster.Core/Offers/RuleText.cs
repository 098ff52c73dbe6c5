using System.Globalization;

namespace Majster.Core.Offers;

/// <summary>
/// A rule's message: a <see cref="Key"/> that a UI translates (the Admin's resx <c>Rule_{Key}</c>) and the English
/// <see cref="Template"/> the API answers with; <c>{0}</c> is the field's name as the API spells it.
/// </summary>
public sealed record RuleText(string Key, string Template)
{
    public static readonly RuleText Required = new("Required", "{0} is required.");
    public static readonly RuleText TooLong = new("TooLong", "{0} must be at most {1} characters.");
    public static readonly RuleText NotAnEmail = new("NotAnEmail", "{0} is not a valid e-mail address.");
    public static readonly RuleText LocalPartTooLong = new("LocalPartTooLong", "{0}: the part before @ must be at most {1} characters.");
    public static readonly RuleText AddressLiteral = new("AddressLiteral", "{0} must name a domain, not an address literal such as [192.0.2.1].");
    public static readonly RuleText DomainTooLong = new("DomainTooLong", "{0}: the domain must be at most {1} characters.");
    public static readonly RuleText ControlCharacters = new("ControlCharacters", "{0} must not contain line breaks or control characters.");
    public static readonly RuleText TextDirection = new("TextDirection", "{0} must not contain text-direction overrides or isolates (U+202A–U+202E, U+2066–U+2069).");
    public static readonly RuleText ReplyToDomain = new("ReplyToDomain", "{0} must be an address at {1}.");
    public static readonly RuleText NotAUrl = new("NotAUrl", "{0} must be an absolute http or https URL.");
    public static readonly RuleText NotACurrency = new("NotACurrency", "{0} must be an ISO 4217 currency code such as PLN or EUR.");
    public static readonly RuleText NotALanguage = new("NotALanguage", "{0} must be 'pl' or 'en'.");
    public static readonly RuleText NotAnAmount = new("NotAnAmount", "{0} must be a non-negative amount with at most two decimals.");
    public static readonly RuleText NotInFuture = new("NotInFuture", "{0} must be in the future.");
    public static readonly RuleText TooFarAhead = new("TooFarAhead", "{0} must be at most {1} days ahead.");

    /// <summary>Every rule message, for a UI to translate each.</summary>
    public static IReadOnlyList<RuleText> All { get; } =
    [
        Required, TooLong, NotAnEmail, LocalPartTooLong, AddressLiteral, DomainTooLong, ControlCharacters, NotAUrl,
        NotACurrency, NotALanguage, NotAnAmount, NotInFuture, TooFarAhead, TextDirection, ReplyToDomain,
    ];

    /// <summary>The message for <paramref name="args"/> (the field's name first).</summary>
    public string Format(params object[] args) => string.Format(CultureInfo.InvariantCulture, Template, args);

    /// <summary>This rule broken by <paramref name="field"/>'s value, with the rule's other arguments.</summary>
    public RuleBreach For(string field, params object[] args) => new(this, field, args);
}

/// <summary>
/// A rule a field's value breaks: the API answers its <see cref="Message"/>, a UI translates it by the rule's
/// <see cref="RuleText.Key"/> with the field and <see cref="Args"/>.
/// </summary>
public sealed record RuleBreach(RuleText Rule, string Field, IReadOnlyList<object> Args)
{
    /// <summary>The rule's English message, as the API answers it.</summary>
    public string Message => Rule.Format([Field, .. Args]);

    public override string ToString() => Message;
}
