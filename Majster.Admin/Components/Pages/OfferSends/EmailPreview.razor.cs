using System.Text.RegularExpressions;

namespace Majster.Admin.Components.Pages.OfferSends;

public sealed partial class EmailPreview
{
    /// <summary>
    /// The HTML part without its head's title, which no mail client shows (the Subject row above does): the frame
    /// reloads whenever its document changes, so a subject edited elsewhere would otherwise reload it, cost every open
    /// page a new document, and lose the reader's place in it.
    /// </summary>
    public static string? PreviewHtml(string? html) => html is null ? null : TitleElement().Replace(html, "", 1);

    [GeneratedRegex("<title>.*?</title>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TitleElement();
}
