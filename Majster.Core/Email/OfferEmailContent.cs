namespace Majster.Core.Email;

/// <summary>
/// The strings one offer e-mail shows, already in its language: what <see cref="OfferEmailTemplate"/> puts into its
/// markup and the plain-text part writes line by line. <see cref="Message"/> and <see cref="PdfUrl"/> are null when
/// the e-mail leaves that paragraph out.
/// </summary>
public sealed record OfferEmailContent(
    string Language,
    string Subject,
    string Greeting,
    string Intro,
    string OfferLabel,
    string OfferTitle,
    string AmountLabel,
    string Amount,
    string? Message,
    string? PdfUrl,
    string PdfLink,
    string Closing)
{
    public static OfferEmailContent For(OfferEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var text = OfferEmailText.For(email.Language);
        return new OfferEmailContent(
            email.Language,
            email.Subject,
            text.GreetingFor(email.ClientName),
            text.Intro,
            text.OfferLabel,
            email.OfferTitle,
            text.AmountLabel,
            text.Amount(email.TotalAmount, email.Currency),
            string.IsNullOrWhiteSpace(email.Message) ? null : email.Message,
            email.SafePdfUrl,
            text.PdfLink,
            text.Closing);
    }
}
