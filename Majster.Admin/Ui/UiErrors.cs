using Majster.Core.Offers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Majster.Admin.Ui;

/// <summary>
/// Errors in the person's language: Identity's by their codes, an action's by its outcome kind, a broken Core rule
/// (<see cref="RuleBreach"/>) by its <see cref="RuleText"/> key with the field named by its label. Any other message (an Identity code without
/// a text here) is shown as given, so nothing is hidden.
/// </summary>
public static class UiErrors
{
    /// <summary>
    /// The Identity codes the UI can meet (password change, reset and rules, new users), each with a text; the
    /// <c>LocalizedIdentityErrorDescriber</c> gives each in the person's language.
    /// </summary>
    public static readonly IReadOnlyList<string> IdentityCodes =
    [
        nameof(IdentityErrorDescriber.PasswordTooShort), nameof(IdentityErrorDescriber.PasswordRequiresDigit),
        nameof(IdentityErrorDescriber.PasswordRequiresLower), nameof(IdentityErrorDescriber.PasswordRequiresUpper),
        nameof(IdentityErrorDescriber.PasswordMismatch), nameof(IdentityErrorDescriber.DuplicateEmail),
        nameof(IdentityErrorDescriber.DuplicateUserName), nameof(IdentityErrorDescriber.InvalidEmail),
        nameof(IdentityErrorDescriber.DefaultError), nameof(IdentityErrorDescriber.ConcurrencyFailure),
        nameof(IdentityErrorDescriber.InvalidToken), nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric),
        nameof(IdentityErrorDescriber.InvalidUserName), nameof(IdentityErrorDescriber.UserAlreadyInRole),
    ];

    /// <summary>The outcome kinds whose text the UI gives; <see cref="OutcomeKind.Invalid"/> keeps the rule's message.</summary>
    public static readonly IReadOnlyList<OutcomeKind> OutcomeKinds = [OutcomeKind.NotFound, OutcomeKind.Conflict, OutcomeKind.Stale];

    public static string Describe(this IStringLocalizer text, IEnumerable<IdentityError> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        return string.Join(" ", errors.Select(e => IdentityCodes.Contains(e.Code) ? text["Identity_" + e.Code].Value : e.Description));
    }

    /// <summary>A failure's kind as a short reason (with its SMTP code), in place of the raw text with its paths.</summary>
    public static string Describe(this IStringLocalizer text, FailureReason reason)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text["Failure_" + reason.Kind, reason.SmtpCode ?? 0];
    }

    public static string Describe<T>(this IStringLocalizer text, Outcome<T> outcome)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(text);
        return OutcomeKinds.Contains(outcome.Kind) ? text["Outcome_" + outcome.Kind]
            : outcome.Breach is { } breach ? text.Rule(breach)
            : outcome.Error ?? "";
    }

    /// <summary>A broken rule's message in the person's language, the field named by its label.</summary>
    public static string Rule(this IStringLocalizer text, RuleBreach breach)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(breach);
        return text["Rule_" + breach.Rule.Key, [FieldLabel(text, breach.Field), .. breach.Args]];
    }

    /// <summary>A field's validation by a Core rule, its message in the person's language.</summary>
    public static Func<string, string?> Checked(this IStringLocalizer text, Func<string, RuleBreach?> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return value => rule(value) is { } breach ? text.Rule(breach) : null;
    }

    /// <summary>A field the API names (<c>clientEmail</c>) by the label the UI gives it, else by that name.</summary>
    private static string FieldLabel(IStringLocalizer text, string field)
    {
        var key = FieldLabels.TryGetValue(field, out var label) ? label : char.ToUpperInvariant(field[0]) + field[1..];
        var found = text[key];
        return found.ResourceNotFound ? field : found.Value;
    }

    /// <summary>The fields whose label key is not their API name with a capital.</summary>
    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.Ordinal)
    {
        ["totalAmount"] = "Amount",
        ["name"] = "TokenName",
    };
}
