using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Majster.Admin.Ui;

/// <summary>
/// MudBlazor's own words ("Rows per page:", pager and date-picker labels) from the app's resources: a key such as
/// <c>MudDataGridPager_RowsPerPage</c> that a language's resx holds is used, any other falls back to MudBlazor's English.
/// </summary>
public sealed class UiMudLocalizer(IStringLocalizer<UiText> text) : MudLocalizer
{
    public override LocalizedString this[string key] => text[key];

    public override LocalizedString this[string key, params object[] arguments] => text[key, arguments];
}
