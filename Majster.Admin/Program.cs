using Majster.Admin;
using Majster.Core;

var builder = WebApplication.CreateBuilder(args);
builder.AddMajsterCore();
builder.AddMajsterAdmin();

var app = builder.Build();
if (args.Contains(MigrationCommand.Argument))
{
    await MigrationCommand.RunAsync(app);
    return;
}

app.UseMajsterAdmin();
await app.RunAsync();

/// <summary>The entry point; public for <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
