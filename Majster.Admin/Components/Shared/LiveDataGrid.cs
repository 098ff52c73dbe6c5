using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Majster.Admin.Components.Shared;

/// <summary>
/// A <see cref="MudDataGrid{T}"/> that can reload its server data without drawing its loading state: for a refresh
/// after a change elsewhere, whose page is already read, so that open grids change in one redraw instead of two (and
/// show no loading bar for what the person did not ask for).
/// </summary>
[CascadingTypeParameter(nameof(T))]
public sealed class LiveDataGrid<T> : MudDataGrid<T>
{
    private bool _quiet;

    /// <summary>Reloads as <see cref="MudDataGrid{T}.ReloadServerData"/> does, without drawing the loading state.</summary>
    public async Task ReloadQuietlyAsync()
    {
        _quiet = true;
        try
        {
            await ReloadServerData();
        }
        finally
        {
            _quiet = false;
        }
    }

    protected override bool ShouldRender() => !(_quiet && Loading) && base.ShouldRender();
}
