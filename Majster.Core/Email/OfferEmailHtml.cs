using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;

namespace Majster.Core.Email;

/// <summary>
/// <see cref="OfferEmailTemplate"/> compiled for one shape of e-mail (with or without the PDF link): the component is rendered once with a marker in place of every string, and the output is split at the
/// markers. A message's HTML is then that markup with the message's own strings put back, encoded by the encoder the
/// renderer uses — the same text the renderer writes, without a renderer, a dispatcher and a render tree per message.
/// </summary>
internal sealed partial class OfferEmailHtml
{
    /// <summary>The number of shapes: PDF link present or not.</summary>
    public const int Shapes = 2;

    /// <summary>The template's strings, by marker number (the order of <see cref="MarkersFor"/>).</summary>
    private static readonly Func<OfferEmailContent, string?>[] Fields =
    [
        c => c.Language, c => c.Subject, c => c.Greeting, c => c.Body, c => c.OfferLabel, c => c.OfferTitle,
        c => c.AmountLabel, c => c.Amount, c => c.PdfUrl, c => c.PdfLink, c => c.SignOff,
    ];

    private readonly string[] _markup;
    private readonly int[] _fields;
    private readonly HtmlEncoder _encoder;
    private readonly int _length;

    /// <param name="renderedWithMarkers">The component's output for <see cref="MarkersFor"/> of one shape.</param>
    /// <param name="encoder">The encoder the renderer used.</param>
    public OfferEmailHtml(string renderedWithMarkers, HtmlEncoder encoder)
    {
        List<string> markup = [];
        List<int> fields = [];
        var end = 0;
        foreach (Match marker in MarkerPattern().Matches(renderedWithMarkers))
        {
            markup.Add(renderedWithMarkers[end..marker.Index]);
            fields.Add(int.Parse(marker.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
            end = marker.Index + marker.Length;
        }

        markup.Add(renderedWithMarkers[end..]);
        _markup = [.. markup];
        _fields = [.. fields];
        _encoder = encoder;
        _length = renderedWithMarkers.Length;
    }

    public static int ShapeOf(OfferEmailContent content) => content.PdfUrl is null ? 0 : 1;

    /// <summary>Content whose every string is a marker (letters and digits, which no encoder changes).</summary>
    public static OfferEmailContent MarkersFor(int shape) => new(
        Marker(0), Marker(1), Marker(2), Marker(3), Marker(4), Marker(5), Marker(6), Marker(7),
        shape == 1 ? Marker(8) : null,
        Marker(9), Marker(10));

    public string Render(OfferEmailContent content)
    {
        var html = new StringBuilder(_length + 1024);
        for (var i = 0; i < _fields.Length; i++)
        {
            html.Append(_markup[i]).Append(_encoder.Encode(Fields[_fields[i]](content) ?? ""));
        }

        return html.Append(_markup[^1]).ToString();
    }

    private static string Marker(int field) => $"MajsterTemplateField{field}X";

    [GeneratedRegex("MajsterTemplateField([0-9]+)X")]
    private static partial Regex MarkerPattern();
}
