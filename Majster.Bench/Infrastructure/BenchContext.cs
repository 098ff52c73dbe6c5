using System.Globalization;
using Majster.Core.Email;
using Majster.Core.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Majster.Bench.Infrastructure;

/// <summary>What every scenario gets: the database, the clock, the tuned scheduler defaults, and where to write.</summary>
internal sealed class BenchContext(BenchDatabase database, TextWriter output, string workDirectory)
{
    public BenchDatabase Database { get; } = database;
    public TextWriter Output { get; } = output;

    /// <summary>Where child-process logs go.</summary>
    public string WorkDirectory { get; } = workDirectory;

    /// <summary>The wall clock, read through the same abstraction as the app's.</summary>
    public TimeProvider Clock { get; } = TimeProvider.System;

    /// <summary>
    /// The scheduler settings the app child runs with: the shipped (tuned) defaults, or what the environment overrides
    /// (<c>Scheduler__SendConcurrency</c> and <c>Scheduler__BatchSize</c>: the child inherits them, and the peers use the
    /// same numbers).
    /// </summary>
    public SchedulerOptions Scheduler { get; } = SchedulerFromEnvironment();

    public static SmtpOptions SmtpTo(int port) => new() { Host = "127.0.0.1", Port = port };

    public OfferEmailComposer Composer(int port) =>
        new(NullLoggerFactory.Instance, Options.Create(SmtpTo(port)), Clock);

    public SmtpOfferEmailSender Sender(OfferEmailComposer composer, int port) =>
        new(Options.Create(SmtpTo(port)), Options.Create(Scheduler), composer, Clock, NullLogger<SmtpOfferEmailSender>.Instance);

    private static SchedulerOptions SchedulerFromEnvironment()
    {
        var options = new SchedulerOptions();
        if (int.TryParse(Environment.GetEnvironmentVariable("Scheduler__SendConcurrency"), CultureInfo.InvariantCulture, out var concurrency))
        {
            options.SendConcurrency = concurrency;
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("Scheduler__BatchSize"), CultureInfo.InvariantCulture, out var batchSize))
        {
            options.BatchSize = batchSize;
        }

        return options;
    }

    public void Log(string line)
    {
        Output.WriteLine($"[bench] {line}");
        Output.Flush();
    }
}
