using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Majster.Core.Email;

/// <summary>
/// Turns an <see cref="OfferEmail"/> into the MIME message that is sent (or written to the pickup folder):
/// HTML from <see cref="OfferEmailTemplate"/> rendered with <see cref="HtmlRenderer"/>, a plain-text part with the
/// same words, and a Message-ID that is the same on every attempt so that receivers can drop duplicates.
/// </summary>
public sealed class OfferEmailComposer : IAsyncDisposable
{
    /// <summary>The header that names the offer send a message belongs to.</summary>
    public const string OfferSendIdHeader = "X-Majster-Offer-Send-Id";

    private readonly ServiceProvider _rendererServices;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SmtpOptions _options;
    private readonly MailboxAddress _from;
    private readonly TimeProvider _clock;

    public OfferEmailComposer(ILoggerFactory loggerFactory, IOptions<SmtpOptions> options, TimeProvider clock)
    {
        // The renderer gets services of its own: an encoder that escapes markup but leaves Polish letters as they are
        // (the default one turns every non-ASCII letter into an entity).
        _rendererServices = new ServiceCollection()
            .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
            .BuildServiceProvider();
        _loggerFactory = loggerFactory;
        _options = options.Value;
        _from = MailboxAddress.Parse(_options.From);
        _clock = clock;
    }

    /// <summary>The Message-ID of every attempt of one offer send (without angle brackets, as MimeKit takes it).</summary>
    public static string MessageIdFor(Guid offerSendId, string domain) => $"offer-send.{offerSendId:D}@{domain}";

    public async Task<MimeMessage> ComposeAsync(OfferEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        // A renderer per message: HtmlRenderer keeps every root component it rendered until it is disposed, so a
        // shared one grows by each message's render tree (~20 KB) for the life of the process. A new one is cheap,
        // and each has its own dispatcher, so messages also render in parallel.
        await using var renderer = new HtmlRenderer(_rendererServices, _loggerFactory);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(OfferEmailTemplate.Email)] = email });
            var output = await renderer.RenderComponentAsync<OfferEmailTemplate>(parameters);
            return output.ToHtmlString();
        });

        var message = new MimeMessage
        {
            Subject = email.Subject,
            MessageId = MessageIdFor(email.OfferSendId, _options.MessageIdDomain),
            Date = _clock.GetUtcNow(),
            Body = new BodyBuilder { HtmlBody = html, TextBody = PlainText(email) }.ToMessageBody(),
        };
        // A copy per message: an address list subscribes to its addresses' Changed event, so one shared instance
        // would hold every message ever composed (and copy a longer invocation list on each add).
        message.From.Add(new MailboxAddress(_from.Encoding, _from.Name, _from.Route, _from.Address));
        message.To.Add(new MailboxAddress(email.ClientName, email.ClientEmail));
        message.Headers.Add(OfferSendIdHeader, email.OfferSendId.ToString("D"));
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        await _rendererServices.DisposeAsync();
    }

    private static string PlainText(OfferEmail email)
    {
        var text = OfferEmailText.For(email.Language);
        var body = new StringBuilder()
            .AppendLine(text.GreetingFor(email.ClientName))
            .AppendLine()
            .AppendLine(text.Intro)
            .AppendLine()
            .AppendLine($"{text.OfferLabel}: {email.OfferTitle}")
            .AppendLine($"{text.AmountLabel}: {text.Amount(email.TotalAmount, email.Currency)}");
        if (!string.IsNullOrWhiteSpace(email.Message))
        {
            body.AppendLine().AppendLine(email.Message);
        }

        if (email.SafePdfUrl is { } pdfUrl)
        {
            body.AppendLine().AppendLine($"{text.PdfLink}: {pdfUrl}");
        }

        return body.AppendLine().AppendLine(text.Closing).ToString();
    }
}
