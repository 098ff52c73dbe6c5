namespace Majster.Core.Email;

/// <summary>
/// The strings one offer e-mail shows, already in its language: what <see cref="OfferEmailTemplate"/> puts into its
/// markup and the plain-text part writes line by line. A letter: one greeting, the body (the person's message, or a
/// sentence of the template's when there is none), the offer's details, one sign-off. The greeting and the sign-off
/// are the message's own when it brings them (<see cref="LetterParts"/>), else the template's, which signs with the
/// sender's name and company. A sign-off of the message's that is a closing alone ("Pozdrawiam") gets the sender's name
/// and company beneath it, so the letter never ends without a name. <see cref="PdfUrl"/> is null when the e-mail has no
/// PDF link.
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
    /// <param name="email">
    /// The e-mail; its <see cref="OfferEmail.ReplyName"/> is the sender's name, its <see cref="OfferEmail.SenderCompany"/>
    /// their company.
    /// </param>
    /// <param name="defaultCompany">The company for a sender who names none (the display name of <c>Smtp:From</c>), or null.</param>
    public static OfferEmailContent For(OfferEmail email, string? defaultCompany)
    {
        ArgumentNullException.ThrowIfNull(email);
        var text = OfferEmailText.For(email.Language);
        var letter = LetterParts.Of(email.Message);
        var company = string.IsNullOrWhiteSpace(email.SenderCompany) ? defaultCompany : email.SenderCompany;
        var signOff = letter.SignOff is not { } own ? text.SignOffFor(email.ReplyName, company)
            : letter.SignOffIsClosingAlone ? string.Join('\n', OfferEmailText.SignatureFor(email.ReplyName, company).Prepend(own))
            : own;
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
            signOff);
    }
}
