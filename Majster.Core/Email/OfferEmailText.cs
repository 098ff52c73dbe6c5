using System.Globalization;

namespace Majster.Core.Email;

/// <summary>The words of the offer e-mail in its two languages, shared by the HTML and the plain-text part.</summary>
public sealed record OfferEmailText(
    string Intro,
    string OfferLabel,
    string AmountLabel,
    string PdfLink,
    string Closing,
    CultureInfo Culture)
{
    private static readonly OfferEmailText Polish = new(
        "Przesyłam ofertę przygotowaną dla Państwa.",
        "Oferta",
        "Kwota",
        "Oferta do pobrania (PDF)",
        "Z poważaniem",
        CultureInfo.GetCultureInfo("pl-PL"));

    private static readonly OfferEmailText English = new(
        "Please find below the offer I have prepared for you.",
        "Offer",
        "Amount",
        "Download the offer (PDF)",
        "Kind regards,",
        CultureInfo.GetCultureInfo("en-GB"));

    public static OfferEmailText For(string language) => language == "pl" ? Polish : English;

    public string Amount(decimal amount, string currency) => string.Format(Culture, "{0:N2} {1}", amount, currency);

    /// <summary>
    /// The template's greeting. Polish opens with "Dzień dobry," whoever the client is (a name after it would need its
    /// vocative); English with "Dear" and the client's name, or "Hello," without one.
    /// </summary>
    public string GreetingFor(string? name) =>
        this == Polish ? "Dzień dobry,"
        : string.IsNullOrWhiteSpace(name) ? "Hello,"
        : $"Dear {name.Trim()},";

    /// <summary>The template's sign-off: the closing, then <see cref="SignatureFor"/>.</summary>
    public string SignOffFor(string? senderName, string? company) =>
        string.Join('\n', new[] { Closing }.Concat(SignatureFor(senderName, company)));

    /// <summary>
    /// The sender's name and company, each that is known on a line of its own (the company left out when the name
    /// already says it): what stands under a closing.
    /// </summary>
    public static IEnumerable<string> SignatureFor(string? senderName, string? company)
    {
        senderName = string.IsNullOrWhiteSpace(senderName) ? null : senderName.Trim();
        company = string.IsNullOrWhiteSpace(company) ? null : company.Trim();
        if (company is not null && senderName is not null && senderName.Contains(company, StringComparison.OrdinalIgnoreCase))
        {
            company = null;
        }

        return new[] { senderName, company }.OfType<string>();
    }
}
