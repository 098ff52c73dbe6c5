using Majster.Core.Offers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Majster.Admin.Ui;

/// <summary>
/// Errors in the person's language: Identity's by their codes, an action's by its outcome kind, Core's rule messages
/// by their <see cref="RuleText"/> keys with the field named by its label. Any other message (an Identity code without
/// a text here) is shown as given, so nothing is hidden.
/// </summary>
public static class UiErrors
{
    /// <summary>The Identity codes the UI can meet (password change and rules, new users), each with a text.</summary>
    public static readonly IReadOnlyList<string> IdentityCodes =
    [
        nameof(IdentityErrorDescriber.PasswordTooShort), nameof(IdentityErrorDescriber.PasswordRequiresDigit),
        nameof(IdentityErrorDescriber.PasswordRequiresLower), nameof(IdentityErrorDescriber.PasswordRequiresUpper),
        nameof(IdentityErrorDescriber.PasswordMismatch), nameof(IdentityErrorDescriber.DuplicateEmail),
        nameof(IdentityErrorDescriber.DuplicateUserName), nameof(IdentityErrorDescriber.InvalidEmail),
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
        return OutcomeKinds.Contains(outcome.Kind) ? text["Outcome_" + outcome.Kind] : text.Rule(outcome.Error) ?? "";
    }

    /// <summary>A rule's message (see <see cref="RuleText"/>) in the person's language; any other text as given.</summary>
    public static string? Rule(this IStringLocalizer text, string? message)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (RuleText.Recognise(message) is not var (rule, args))
        {
            return message;
        }

        return text["Rule_" + rule.Key, [FieldLabel(text, args[0]), .. args.Skip(1)]];
    }

    /// <summary>A field's validation by a Core rule, its message in the person's language.</summary>
    public static Func<string, string?> Checked(this IStringLocalizer text, Func<string, string?> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return value => text.Rule(rule(value));
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
