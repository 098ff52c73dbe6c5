using System.Globalization;

namespace Majster.Core.Email;

/// <summary>The words of the offer e-mail in its two languages, shared by the HTML and the plain-text part.</summary>
public sealed record OfferEmailText(
    string Greeting,
    string Intro,
    string OfferLabel,
    string AmountLabel,
    string PdfLink,
    string Closing,
    CultureInfo Culture)
{
    private static readonly OfferEmailText Polish = new(
        "Dzień dobry",
        "Przesyłamy ofertę przygotowaną dla Państwa.",
        "Oferta",
        "Kwota",
        "Pobierz ofertę (PDF)",
        "Z poważaniem",
        CultureInfo.GetCultureInfo("pl-PL"));

    private static readonly OfferEmailText English = new(
        "Hello",
        "Please find below the offer we have prepared for you.",
        "Offer",
        "Amount",
        "Download the offer (PDF)",
        "Kind regards",
        CultureInfo.GetCultureInfo("en-GB"));

    public static OfferEmailText For(string language) => language == "pl" ? Polish : English;

    public string Amount(decimal amount, string currency) => string.Format(Culture, "{0:N2} {1}", amount, currency);

    public string GreetingFor(string? name) => string.IsNullOrWhiteSpace(name) ? Greeting + "," : $"{Greeting} {name},";
}
