using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Majster.Tests.Support;

/// <summary>The app delivering to its own scripted SMTP server, with every log record collected for assertions.</summary>
public class SmtpAppFixture(PostgresCluster cluster) : AppFixture(cluster)
{
    public SmtpTestServer Smtp { get; private set; } = null!;
    public FakeLogCollector Logs { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        Smtp = await SmtpTestServer.StartAsync(TestContext.Current.CancellationToken);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override void Configure(MajsterAppFactory factory) => factory
        .WithSetting("Smtp:Host", "127.0.0.1")
        .WithSetting("Smtp:Port", Smtp.Port.ToString(CultureInfo.InvariantCulture))
        .WithServices(services => services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(Logs)));
}
