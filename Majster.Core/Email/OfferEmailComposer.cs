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
/// HTML from <see cref="OfferEmailTemplate"/> rendered with <see cref="HtmlRenderer"/> (once per shape of e-mail, then
/// filled in per message: <see cref="OfferEmailHtml"/>), a plain-text part with the same words, a Message-ID that
/// is the same on every attempt so that receivers can drop duplicates, a Reply-To of the person the send belongs to,
/// and a DKIM signature when <c>Smtp:Dkim</c> is configured.
/// </summary>
public sealed class OfferEmailComposer : IAsyncDisposable
{
    /// <summary>The header that names the offer send a message belongs to.</summary>
    public const string OfferSendIdHeader = "X-Majster-Offer-Send-Id";

    private readonly ServiceProvider _rendererServices;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SmtpOptions _options;
    private readonly MailboxAddress _from;
    private readonly MailboxAddress? _replyTo;
    private readonly OfferEmailSigner? _signer;
    private readonly TimeProvider _clock;
    private readonly Lazy<Task<OfferEmailHtml>>[] _html;

    public OfferEmailComposer(ILoggerFactory loggerFactory, IOptions<SmtpOptions> options, TimeProvider clock)
    {
        // The renderer gets services of its own: an encoder that escapes markup but leaves Polish letters as they are
        // (the default one turns every non-ASCII letter into an entity).
        var encoder = HtmlEncoder.Create(UnicodeRanges.All);
        _rendererServices = new ServiceCollection().AddSingleton(encoder).BuildServiceProvider();
        _loggerFactory = loggerFactory;
        _options = options.Value;
        _from = MailboxAddress.Parse(_options.From);
        _replyTo = string.IsNullOrWhiteSpace(_options.ReplyTo) ? null : MailboxAddress.Parse(_options.ReplyTo);
        _signer = OfferEmailSigner.Create(_options.Dkim, clock);
        _clock = clock;
        _html = [.. Enumerable.Range(0, OfferEmailHtml.Shapes).Select(shape => new Lazy<Task<OfferEmailHtml>>(
            async () => new OfferEmailHtml(await RenderAsync(OfferEmailHtml.MarkersFor(shape)), encoder)))];
    }

    /// <summary>The Message-ID of every attempt of one offer send (without angle brackets, as MimeKit takes it).</summary>
    public static string MessageIdFor(Guid offerSendId, string domain) => $"offer-send.{offerSendId:D}@{domain}";

    /// <summary>A new message for <paramref name="email"/> (for the pickup folder, tests and the bench).</summary>
    public Task<MimeMessage> ComposeAsync(OfferEmail email) => FillAsync(NewFrame(), email);

    /// <summary>
    /// A frame to fill with <see cref="FillAsync"/> again and again. It gets a copy of the sender's address: an address
    /// list subscribes to its addresses' Changed event, so one shared instance would be kept alive by (and keep alive)
    /// every message it was ever added to.
    /// </summary>
    public OfferEmailFrame NewFrame() => new(new MailboxAddress(_from.Encoding, _from.Name, _from.Route, _from.Address));

    /// <summary>
    /// Fills <paramref name="frame"/> with <paramref name="email"/>: every header and both parts are set anew, so
    /// nothing of the message before remains (the parts' transfer encodings too are chosen again, when it is signed or
    /// else when it is sent). The message is final when this returns: with DKIM configured it is signed, once, last.
    /// </summary>
    public async Task<MimeMessage> FillAsync(OfferEmailFrame frame, OfferEmail email)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(email);
        var content = OfferEmailContent.For(email, _from.Name);
        var html = (await _html[OfferEmailHtml.ShapeOf(content)].Value).Render(content);

        var message = frame.Message;
        message.Subject = HeaderText.AsTyped(email.Subject);
        message.MessageId = MessageIdFor(email.OfferSendId, _options.MessageIdDomain);
        message.Date = _clock.GetUtcNow();
        SetOnly(message.To, new MailboxAddress(HeaderText.AsTyped(email.ClientName), email.ClientEmail));
        SetOnly(message.ReplyTo, ReplyToFor(email));
        message.Headers[OfferSendIdHeader] = email.OfferSendId.ToString("D");
        frame.Body.Boundary = frame.NewBoundary();
        SetText(frame.Text, PlainText(content));
        SetText(frame.Html, html);
        _signer?.Sign(message);
        return message;
    }

    /// <summary>
    /// The send's owner (their reply address, else their account e-mail, with their reply name), else
    /// <c>Smtp:ReplyTo</c>, else none. A new instance each time, for the reason <see cref="NewFrame"/> gives.
    /// </summary>
    private MailboxAddress? ReplyToFor(OfferEmail email) =>
        !string.IsNullOrWhiteSpace(email.ReplyAddress) ? new MailboxAddress(HeaderText.AsTyped(email.ReplyName), email.ReplyAddress)
        : _replyTo is { } fallback ? new MailboxAddress(fallback.Name, fallback.Address)
        : null;

    /// <summary>Makes <paramref name="mailbox"/> the list's one address (in place, so its header keeps its position), or empties it.</summary>
    private static void SetOnly(InternetAddressList list, MailboxAddress? mailbox)
    {
        if (mailbox is null)
        {
            list.Clear();
        }
        else if (list.Count == 1)
        {
            list[0] = mailbox;
        }
        else
        {
            list.Add(mailbox);
        }
    }

    /// <summary>
    /// Renders <see cref="OfferEmailTemplate"/> with a renderer of its own (HtmlRenderer keeps every root component it
    /// rendered until it is disposed). Done once per shape of e-mail; tests compare it with the compiled form.
    /// </summary>
    internal async Task<string> RenderAsync(OfferEmailContent content)
    {
        await using var renderer = new HtmlRenderer(_rendererServices, _loggerFactory);
        try
        {
            return await renderer.Dispatcher.InvokeAsync(async () =>
            {
                var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(OfferEmailTemplate.Content)] = content });
                var output = await renderer.RenderComponentAsync<OfferEmailTemplate>(parameters);
                return output.ToHtmlString();
            });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new OfferEmailTemplateException(exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _rendererServices.DisposeAsync();
    }

    private static void SetText(TextPart part, string text)
    {
        // Default lets MimeKit choose the encoding for this text when the message is prepared for sending, as it does
        // for a new part (a frame's part keeps what it chose for the message before).
        part.ContentTransferEncoding = ContentEncoding.Default;
        part.SetText(Encoding.UTF8, text);
    }

    /// <summary>The plain-text part: the same letter as the HTML one, paragraph by paragraph, the link written out.</summary>
    private static string PlainText(OfferEmailContent content)
    {
        var body = new StringBuilder()
            .AppendLine(content.Greeting)
            .AppendLine()
            .AppendLine(content.Body)
            .AppendLine()
            .AppendLine($"{content.OfferLabel}: {content.OfferTitle}")
            .AppendLine($"{content.AmountLabel}: {content.Amount}");
        if (content.PdfUrl is { } pdfUrl)
        {
            body.AppendLine($"{content.PdfLink}: {pdfUrl}");
        }

        return body.AppendLine().AppendLine(content.SignOff).ToString();
    }
}
