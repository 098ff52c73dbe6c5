using System.Data.Common;
using Majster.Core.Accounts;
using Majster.Core.Offers;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Majster.Tests.Integration.Search;

/// <summary>The grid's and the API's search (OfferSendQueries) on real PostgreSQL: accents and case ignored, through the trigram indexes.</summary>
[Trait("Category", "Integration")]
public sealed class AccentInsensitiveSearchTests(AccentInsensitiveSearchTests.Sends sends) : IClassFixture<AccentInsensitiveSearchTests.Sends>
{
    /// <summary>Enough rows that reading the whole table costs more than the index does.</summary>
    private const int OtherSends = 20_000;

    private static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
    private readonly CommandRecorder _commands = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One user's sends of one offer, seeded once for the class: many plain ones and two with diacritics.</summary>
    public sealed class Sends(PostgresCluster cluster) : IAsyncLifetime
    {
        public string ConnectionString { get; private set; } = "";
        public Guid UserId { get; private set; }

        public async ValueTask InitializeAsync()
        {
            ConnectionString = await cluster.CreateDatabaseAsync(cancellationToken: Ct);
            var user = await Seed.UserAsync(ConnectionString, Now, Ct);
            UserId = user.Id;
            var offer = await Seed.OfferAsync(ConnectionString, user.Id, Now, Ct);
            await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
            await using var insert = dataSource.CreateCommand("""
                INSERT INTO offer_sends (offer_id, user_id, client_email, client_name, subject, status, created_at, updated_at)
                SELECT @offer, @user, 'c' || i || '@example.com', 'Client ' || i, 'Oferta ' || i, 'pending', @now, @now
                FROM generate_series(1, @rows) i;
                INSERT INTO offer_sends (offer_id, user_id, client_email, client_name, subject, status, created_at, updated_at)
                VALUES (@offer, @user, 'biuro@example.com', 'Łukasz Żółć', 'Dach na Śródmieściu', 'pending', @now, @now),
                       (@offer, @user, 'ZOFIA@EXAMPLE.COM', NULL, 'Ogród', 'pending', @now, @now);
                ANALYZE offer_sends;
                """);
            insert.Parameters.Add(new NpgsqlParameter<Guid>("offer", offer.Id));
            insert.Parameters.Add(new NpgsqlParameter<Guid>("user", user.Id));
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", Now));
            insert.Parameters.Add(new NpgsqlParameter<int>("rows", OtherSends));
            await insert.ExecuteNonQueryAsync(Ct);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData("Srodmiesciu", "Dach na Śródmieściu")]
    [InlineData("ŚRÓDMIEŚCIU", "Dach na Śródmieściu")]
    [InlineData("lukasz zolc", "Dach na Śródmieściu")]
    [InlineData("ogrod", "Ogród")]
    [InlineData("zofia@example", "Ogród")]
    public async Task Search_IgnoresAccentsAndCase(string term, string subject)
    {
        var page = await ListAsync(new Actor(sends.UserId, IsAdmin: false), term);

        Assert.Equal([subject], page.Items.Select(i => i.Send.Subject));
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task Search_FindsTheSendsOfAnOfferByItsTitle_WithoutAccents()
    {
        // Seed.OfferAsync titles the offer "Remont łazienki"; every send of this class is of it.
        var page = await ListAsync(new Actor(sends.UserId, IsAdmin: false), "LAZIENKI");

        Assert.Equal(OtherSends + 2, page.Total);
    }

    [Fact]
    public async Task Search_DoesNotMatchAcrossTwoColumns()
    {
        // "Łukasz Żółć" then "Dach…": the name's end and the subject's start are on two lines of the search text.
        var page = await ListAsync(new Actor(sends.UserId, IsAdmin: false), "zolc dach");

        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task Search_ReadsTheTrigramIndex_NotTheWholeTable()
    {
        await ListAsync(new Actor(sends.UserId, IsAdmin: true), "srodmiesciu");

        var searches = _commands.All.Where(c => c.Sql.Contains("offer_send_search_text", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(searches);
        await using var dataSource = NpgsqlDataSource.Create(sends.ConnectionString);
        foreach (var (sql, parameters) in searches)
        {
            await using var explain = dataSource.CreateCommand("EXPLAIN " + sql);
            explain.Parameters.AddRange(parameters);
            var plan = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                plan.Add(reader.GetString(0));
            }

            Assert.Contains(plan, line => line.Contains("idx_offer_sends_search", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on offer_sends", StringComparison.Ordinal));
        }
    }

    private Task<OfferSendPage> ListAsync(Actor actor, string term) =>
        new OfferSendQueries(Database.ContextFactory(sends.ConnectionString, _commands), new FakeTimeProvider(Now))
            .ListAsync(actor, new OfferSendListQuery { Search = term }, Ct);

    /// <summary>The SQL and parameters of the commands EF Core sends, to EXPLAIN them as sent.</summary>
    private sealed class CommandRecorder : DbCommandInterceptor
    {
        private readonly List<(string Sql, NpgsqlParameter[] Parameters)> _commands = [];

        public IReadOnlyList<(string Sql, NpgsqlParameter[] Parameters)> All
        {
            get
            {
                lock (_commands)
                {
                    return [.. _commands];
                }
            }
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            lock (_commands)
            {
                _commands.Add((command.CommandText, [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]));
            }

            return ValueTask.FromResult(result);
        }
    }
}
