using Majster.Admin;
using Majster.Core;

var builder = WebApplication.CreateBuilder(AppHostDefaults.Options(args));
builder.UseDefaultUrl();
builder.AddMajsterCore();
builder.AddMajsterAdmin();
return await builder.RunMajsterAsync(args);

/// <summary>The entry point; public for <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
