using Majster.Admin;
using Majster.Core;

var builder = WebApplication.CreateBuilder(AppHostDefaults.Options(args));
builder.UseDefaultUrl();
builder.AddMajsterCore();
builder.AddMajsterAdmin();

var app = builder.Build();
if (!await app.TryStartDatabaseAsync())
{
    return 1;
}

if (args.Contains(MigrationCommand.Argument))
{
    await MigrationCommand.RunAsync(app);
    return 0;
}

app.UseMajsterAdmin();
await app.RunAsync();
return 0;

/// <summary>The entry point; public for <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
