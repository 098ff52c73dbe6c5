using System.Globalization;
using System.Text;

namespace Majster.Bench.Reporting;

/// <summary>
/// What a scenario prints: a table for people and one machine line, <c>RESULT &lt;scenario&gt; key=value …</c>, for
/// scripts (values are invariant-culture numbers or words without spaces).
/// </summary>
internal sealed class Report(TextWriter output, string scenario)
{
    private readonly List<string[]> _rows = [];
    private readonly List<KeyValuePair<string, string>> _results = [];
    private readonly List<string> _notes = [];
    private string[]? _header;

    public void Header(params string[] columns) => _header = columns;

    public void Row(params object[] cells) => _rows.Add([.. cells.Select(Format)]);

    public void Result(string key, object value) => _results.Add(new(key, Format(value).Replace(' ', '_')));

    /// <summary>A line printed under the table.</summary>
    public void Note(string text) => _notes.Add(text);

    public void Print()
    {
        var table = _header is null ? _rows : [_header, .. _rows];
        if (table.Count > 0)
        {
            var widths = Enumerable.Range(0, table.Max(r => r.Length))
                .Select(i => table.Max(r => i < r.Length ? r[i].Length : 0)).ToArray();
            output.WriteLine();
            output.WriteLine($"== {scenario} ==");
            foreach (var (row, index) in table.Select((r, i) => (r, i)))
            {
                output.WriteLine("| " + string.Join(" | ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))) + " |");
                if (index == 0 && _header is not null)
                {
                    output.WriteLine("|" + string.Join("|", widths.Select((w, i) => new string('-', w + 1) + (i == 0 ? "-" : ":"))) + "|");
                }
            }
        }

        foreach (var note in _notes)
        {
            output.WriteLine($"  {note}");
        }

        var line = new StringBuilder("RESULT ").Append(scenario);
        foreach (var (key, value) in _results)
        {
            line.Append(' ').Append(key).Append('=').Append(value);
        }

        output.WriteLine(line.ToString());
        output.Flush();
    }

    public static string Format(object value) => value switch
    {
        double d when double.IsNaN(d) => "n/a",
        double d => d.ToString(Math.Abs(d) >= 100 ? "0" : Math.Abs(d) >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture),
        TimeSpan t => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
