using MudBlazor;

namespace Majster.Admin.Ui;

/// <summary>
/// MudBlazor's theme with colours dark enough for white text on them and for them as text on white (WCAG AA, 4.5:1):
/// the defaults' success green, warning amber and error red fail it (chips, warned cards, error texts). The chart
/// draws its outcomes in the same colours.
/// </summary>
public static class AdminTheme
{
    public const string Success = "#2e7d32";
    public const string Warning = "#a14f00";
    public const string Error = "#c62828";
    public const string Info = "#0b6bb8";

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Success = Success, Warning = Warning, Error = Error, Info = Info },
    };
}
