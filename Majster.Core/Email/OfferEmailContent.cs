namespace Majster.Core.Email;

/// <summary>
/// The strings one offer e-mail shows, already in its language: what <see cref="OfferEmailTemplate"/> puts into its
/// markup and the plain-text part writes line by line. A letter: one greeting, the body (the person's message, or a
/// sentence of the template's when there is none), the offer's details, one sign-off. The greeting and the sign-off
/// are the message's own when it brings them (<see cref="LetterParts"/>), else the template's, which signs with the
/// sender's name and company. <see cref="PdfUrl"/> is null when the e-mail has no PDF link.
/// </summary>
public sealed record OfferEmailContent(
    string Language,
    string Subject,
    string Greeting,
    string Body,
    string OfferLabel,
    string OfferTitle,
    string AmountLabel,
    string Amount,
    string? PdfUrl,
    string PdfLink,
    string SignOff)
{
    /// <param name="email">The e-mail; its <see cref="OfferEmail.ReplyName"/> is the sender's name.</param>
    /// <param name="company">The sending company's name (the display name of <c>Smtp:From</c>), or null.</param>
    public static OfferEmailContent For(OfferEmail email, string? company)
    {
        ArgumentNullException.ThrowIfNull(email);
        var text = OfferEmailText.For(email.Language);
        var letter = LetterParts.Of(email.Message);
        return new OfferEmailContent(
            email.Language,
            email.Subject,
            letter.Greeting ?? text.GreetingFor(email.ClientName),
            string.IsNullOrWhiteSpace(letter.Body) ? text.Intro : letter.Body,
            text.OfferLabel,
            email.OfferTitle,
            text.AmountLabel,
            text.Amount(email.TotalAmount, email.Currency),
            email.SafePdfUrl,
            text.PdfLink,
            letter.SignOff ?? text.SignOffFor(email.ReplyName, company));
    }
}
