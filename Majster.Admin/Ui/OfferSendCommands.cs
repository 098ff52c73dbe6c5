using Majster.Admin.Components.Dialogs;
using Majster.Core.Inbound;
using Majster.Core.Offers;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Majster.Admin.Ui;

/// <summary>The people's actions on offer sends, as the pages offer them: each asks Core's service and says how it went.</summary>
public sealed class OfferSendCommands(
    OfferSendService sends,
    SuppressionList suppressions,
    CurrentUser currentUser,
    IDialogService dialogs,
    ISnackbar snackbar,
    IStringLocalizer<UiText> text)
{
    /// <summary>Does what a row's (or the bulk bar's) button says: one of the state machine's actions.</summary>
    public async Task<bool> PerformAsync(OfferSendAvailableActions action, IReadOnlyCollection<OfferSend> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (action is OfferSendAvailableActions.Schedule or OfferSendAvailableActions.Reschedule)
        {
            return await ScheduleAsync(rows, cancellationToken);
        }

        if (!await ConfirmAsync(action, rows, await SuppressedAsync(rows, cancellationToken)))
        {
            return false;
        }

        var actor = (await currentUser.GetAsync(cancellationToken)).Actor;
        return await RunAsync(rows, send => action switch
        {
            OfferSendAvailableActions.Cancel => sends.CancelAsync(actor, send.Id, ifVersions: null, cancellationToken),
            OfferSendAvailableActions.SendNow => sends.SendNowAsync(actor, send.Id, ifVersions: null, cancellationToken),
            OfferSendAvailableActions.Retry => sends.RetryAsync(actor, send.Id, ifVersions: null, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not one action."),
        });
    }

    /// <summary>
    /// Asks before what cannot be undone, saying how many and to whom: sending now (the e-mail reaches the client) and
    /// cancelling, one send or many, from a row, a send's page or the bulk bar (the scheduled times are dropped). True when
    /// confirmed or nothing needs asking.
    /// </summary>
    private async Task<bool> ConfirmAsync(OfferSendAvailableActions action, IReadOnlyCollection<OfferSend> rows, IReadOnlyList<string> suppressed)
    {
        var (question, yes) = action switch
        {
            OfferSendAvailableActions.SendNow => (text.Plural("ConfirmSendNow", rows.Count, Recipients(rows)), text["SendNow"].Value),
            OfferSendAvailableActions.Cancel => (text.Plural("ConfirmCancel", rows.Count, Recipients(rows)), text[rows.Count == 1 ? "CancelOneSend" : "CancelSends"].Value),
            // A retry asks nothing, unless an address is suppressed: then it says so first.
            OfferSendAvailableActions.Retry when suppressed.Count > 0 => ("", text["Retry"].Value),
            _ => (null, null),
        };
        if (action != OfferSendAvailableActions.Cancel && suppressed.Count > 0)
        {
            question = string.Join(" ", suppressed.Prepend(question ?? "")).Trim();
        }

        return question is null || await dialogs.ShowMessageBoxAsync(yes, question, yesText: yes!, cancelText: text["Back"]) == true;
    }

    /// <summary>What the dialogs say of the rows' suppressed addresses: one sentence each (none when none is).</summary>
    private async Task<IReadOnlyList<string>> SuppressedAsync(IReadOnlyCollection<OfferSend> rows, CancellationToken cancellationToken)
    {
        var found = await suppressions.FindManyAsync(rows.Select(r => r.ClientEmail), cancellationToken);
        return [.. found.Select(s => text["SuppressedWarning", s.Address, ReportText.Of(s.Status, s.Diagnostic) ?? ""].Value)];
    }

    /// <summary>The clients' names (their addresses where a send has none), the first few and how many more.</summary>
    private string Recipients(IReadOnlyCollection<OfferSend> rows)
    {
        const int Named = 3;
        var names = rows.Select(r => string.IsNullOrWhiteSpace(r.ClientName) ? r.ClientEmail : r.ClientName).Distinct().ToList();
        var shown = string.Join(", ", names.Take(Named));
        return names.Count > Named ? $"{shown} {text["AndMore", names.Count - Named]}" : shown;
    }

    /// <summary>Asks for a time, then schedules (or reschedules); false when the person cancelled or it was refused.</summary>
    public async Task<bool> ScheduleAsync(IReadOnlyCollection<OfferSend> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return false;
        }

        var user = await currentUser.GetAsync(cancellationToken);
        var parameters = new DialogParameters<ScheduleDialog>
        {
            { d => d.Zone, user.TimeZone },
            { d => d.Initial, rows.Count == 1 ? rows.First().ScheduledFor : null },
            { d => d.Title, ScheduleTitle(rows, text) },
            { d => d.Recipients, [.. rows.Select(Recipient).Distinct(StringComparer.Ordinal)] },
            { d => d.Warnings, await SuppressedAsync(rows, cancellationToken) },
        };
        var dialog = await dialogs.ShowAsync<ScheduleDialog>(text["Schedule"], parameters);
        if (await dialog.Result is not { Canceled: false, Data: DateTimeOffset when })
        {
            return false;
        }

        return await RunAsync(rows, send => sends.ScheduleAsync(user.Actor, send.Id, when, ifVersions: null, cancellationToken));
    }

    /// <summary>A send's client as the schedule dialog names them: "Jan Kowalski (jan@example.com)", or the address alone.</summary>
    private static string Recipient(OfferSend send) =>
        string.IsNullOrWhiteSpace(send.ClientName) ? send.ClientEmail : $"{send.ClientName} ({send.ClientEmail})";

    /// <summary>The schedule dialog's title, saying what it does: reschedule one send that has a time, else schedule.</summary>
    public static string ScheduleTitle(IReadOnlyCollection<OfferSend> rows, IStringLocalizer<UiText> text)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(text);
        return rows.Count switch
        {
            1 when rows.First().ScheduledFor is not null => text["RescheduleOne"],
            1 => text["ScheduleOne"],
            _ => text.Plural("ScheduleMany", rows.Count),
        };
    }

    /// <summary>Runs one action per row and reports per row: one message for one row, a summary plus the failures for many.</summary>
    private async Task<bool> RunAsync(IReadOnlyCollection<OfferSend> rows, Func<OfferSend, Task<Outcome<OfferSend>>> action)
    {
        List<string> failures = [];
        foreach (var row in rows)
        {
            var outcome = await action(row);
            if (!outcome.IsOk)
            {
                failures.Add($"{row.ClientEmail}: {text.Describe(outcome)}");
            }
        }

        var done = rows.Count - failures.Count;
        if (rows.Count == 1)
        {
            snackbar.Add(failures.Count == 0 ? text["ActionDone"] : failures[0], failures.Count == 0 ? Severity.Success : Severity.Error);
        }
        else
        {
            snackbar.Add(text["BulkResult", done, rows.Count], failures.Count == 0 ? Severity.Success : Severity.Warning);
            foreach (var failure in failures)
            {
                snackbar.Add(failure, Severity.Error);
            }
        }

        return done > 0;
    }
}
