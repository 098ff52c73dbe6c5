using MudBlazor;

namespace Majster.Admin.Ui;

/// <summary>
/// MudBlazor's theme with colours dark enough for white text on them and for them as text on white (WCAG AA, 4.5:1):
/// the defaults' success green, warning amber and error red fail it (chips, warned cards, error texts). The chart
/// draws its outcomes in the same colours. One colour a meaning: sent green, retried (warning) orange, failed red,
/// scheduled (info) blue, and overdue purple, MudBlazor's tertiary colour.
/// </summary>
public static class AdminTheme
{
    public const string Success = "#2e7d32";
    public const string Warning = "#a14f00";
    public const string Error = "#c62828";
    public const string Info = "#0b6bb8";
    public const string Overdue = "#8e24aa";

    /// <summary>The MudBlazor colour that means overdue (its card, its chip, its switch).</summary>
    public const MudBlazor.Color OverdueColor = MudBlazor.Color.Tertiary;

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Success = Success, Warning = Warning, Error = Error, Info = Info, Tertiary = Overdue },
    };
}
