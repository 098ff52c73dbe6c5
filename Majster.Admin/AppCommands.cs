using Majster.Core;
using Majster.Core.Data.Backups;
using Microsoft.Extensions.Options;

namespace Majster.Admin;

/// <summary>
/// What the process does with its arguments: serve (the default), <c>--migrate</c>, <c>reset-password EMAIL</c>,
/// <c>backup FILE</c> or <c>restore FILE</c>. A setting it cannot start with ends it with exit code 1 and one line on
/// stderr naming the setting, before anything starts (the unit's <c>RestartPreventExitStatus=1</c> then stops systemd
/// restarting it); so does a backup or restore that cannot go on.
/// </summary>
internal static class AppCommands
{
    public const int ConfigurationError = 1;

    public static async Task<int> RunMajsterAsync(this WebApplicationBuilder builder, string[] args)
    {
        // Thrown, not caught, so that a host that runs this entry point itself (WebApplicationFactory) sees the error.
        AppDomain.CurrentDomain.UnhandledException += ExitOnConfigurationError;
        var app = builder.Build();

        // Options are checked here, before the embedded database starts, rather than by the host's start, which
        // would log the failure with a stack trace.
        app.Services.GetService<IStartupValidator>()?.Validate();
        if (!await app.TryStartDatabaseAsync())
        {
            return ConfigurationError;
        }

        if (args.Contains(MigrationCommand.Argument) || args.Contains(ResetPasswordCommand.Verb)
            || args is [BackupCommands.BackupVerb or BackupCommands.RestoreVerb, ..])
        {
            return await RunVerbAsync(app, args);
        }

        app.UseMajsterAdmin();
        await app.RunAsync();
        return 0;
    }

    private static void ExitOnConfigurationError(object? sender, UnhandledExceptionEventArgs unhandled)
    {
        if (unhandled.ExceptionObject is Exception exception && ConfigurationProblem(exception) is { } problem)
        {
            Console.Error.WriteLine("Majster Admin stopped: " + problem);
            Environment.Exit(ConfigurationError);
        }
    }

    private static async Task<int> RunVerbAsync(WebApplication app, string[] args)
    {
        try
        {
            if (args.Contains(MigrationCommand.Argument))
            {
                await MigrationCommand.RunAsync(app);
            }
            else if (args.Contains(ResetPasswordCommand.Verb))
            {
                await ResetPasswordCommand.RunAsync(app, args, Console.Out);
            }
            else
            {
                await BackupCommands.RunAsync(app, args, Console.Out);
            }

            return 0;
        }
        catch (DatabaseBackupException e)
        {
            await Console.Error.WriteLineAsync($"Majster Admin {args[0]} failed: {e.Message}");
            return ConfigurationError;
        }
        finally
        {
            if (app.Services.GetRequiredService<Majster.Core.Data.MajsterDatabase>().Embedded is { StartedHere: true } embedded)
            {
                await embedded.StopAsync();
            }

            // Disposing the services flushes the console logger's queue: a verb's last lines reach the operator.
            await app.DisposeAsync();
        }
    }

    /// <summary>The one line an operator reads for a configuration error; null for any other exception.</summary>
    private static string? ConfigurationProblem(Exception exception) => exception switch
    {
        MajsterConfigurationException or OptionsValidationException => OneLine(exception.Message),
        AggregateException aggregate when aggregate.InnerExceptions.All(e => ConfigurationProblem(e) is not null) =>
            string.Join(" ", aggregate.InnerExceptions.Select(e => ConfigurationProblem(e))),
        _ => null,
    };

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
