using System.Security.Cryptography;
using MimeKit;
using MimeKit.Text;

namespace Majster.Core.Email;

/// <summary>
/// The MIME structure of an offer e-mail — a message whose body is <c>multipart/alternative</c> with a plain-text and
/// an HTML part — built once and filled in again for each message by <see cref="OfferEmailComposer.FillAsync"/>.
/// MimeKit's object model is costly to build, so each pooled SMTP connection keeps one frame and fills it for the
/// message it sends next: a new message (and a renderer) per send would cost the app about twice the CPU per send
/// (docs/benchmarks.md).
/// A frame holds one message at a time: whoever fills it must be done with the previous message.
/// </summary>
public sealed class OfferEmailFrame
{
    private const int BoundaryBytes = 16;
    private const int BoundariesPerDraw = 16;
    private readonly byte[] _random = new byte[BoundariesPerDraw * BoundaryBytes];
    private int _nextRandom = BoundariesPerDraw * BoundaryBytes;

    internal OfferEmailFrame(MailboxAddress from)
    {
        Body = new MultipartAlternative { Text, Html };
        Message = new MimeMessage { Body = Body };
        Message.From.Add(from);
    }

    /// <summary>The message as last filled in.</summary>
    public MimeMessage Message { get; }

    internal MultipartAlternative Body { get; }
    internal TextPart Text { get; } = new(TextFormat.Plain);
    internal TextPart Html { get; } = new(TextFormat.Html);

    /// <summary>
    /// A fresh boundary of the shape MimeKit makes (<c>=-</c> and 16 random bytes in base64). The random bytes are
    /// drawn from the system's generator sixteen boundaries at a time (a draw per message is a visible share of a send).
    /// </summary>
    internal string NewBoundary()
    {
        if (_nextRandom == _random.Length)
        {
            RandomNumberGenerator.Fill(_random);
            _nextRandom = 0;
        }

        var boundary = "=-" + Convert.ToBase64String(_random, _nextRandom, BoundaryBytes);
        _nextRandom += BoundaryBytes;
        return boundary;
    }
}
