using Majster.Core.Data;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Majster.Tests.Integration;

/// <summary>The one migration, applied to an empty database, builds what the model describes, and goes back down.</summary>
public sealed class InitialSchemaTests(PostgresCluster cluster)
{
    [Fact]
    public async Task InitialSchema_OnAnEmptyDatabase_MatchesTheModel_TableByTableAndIndexByIndex()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Database.CreateContext(await cluster.CreateDatabaseAsync(migrated: false, ct));

        await db.Database.MigrateAsync(ct);

        Assert.EndsWith("_InitialSchema", (await db.Database.GetAppliedMigrationsAsync(ct)).First(), StringComparison.Ordinal);
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed since the migration was generated.");
        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        foreach (var table in model.Tables)
        {
            var columns = await ListAsync(db,
                "SELECT column_name || ' ' || is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @p",
                table.Name, ct);
            Assert.Equal(
                // xmin (the row version) is a system column every table has, never listed among its columns.
                table.Columns.Where(c => c.Name != "xmin").Select(c => $"{c.Name} {(c.IsNullable ? "YES" : "NO")}").Order(),
                columns.Order());

            var indexes = await ListAsync(db, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = @p", table.Name, ct);
            Assert.Equal(
                table.Indexes.Select(i => i.Name).Concat(table.UniqueConstraints.Select(u => u.Name)).Order(),
                indexes.Except(SchemaSql.ExpressionIndexes).Order());
        }
    }

    [Fact]
    public async Task InitialSchema_CreatesTheTriggersTheModelDoesNotDescribe_AndDownRemovesEverything()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Database.CreateContext(await cluster.CreateDatabaseAsync(migrated: false, ct));
        await db.Database.MigrateAsync(ct);

        var triggers = await ListAsync(db,
            "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(@p) AND NOT tgisinternal", "offer_sends", ct);
        Assert.Equal(
            ["offer_send_counts_delete", "offer_send_counts_insert", "offer_send_counts_truncate", "offer_send_counts_update",
             "offer_sends_changed_delete", "offer_sends_changed_insert", "offer_sends_changed_update", "offer_sends_notify_due"],
            triggers.Order());

        await db.GetService<IMigrator>().MigrateAsync(Migration.InitialDatabase, cancellationToken: ct);

        var left = await ListAsync(db,
            """
            SELECT relname FROM pg_class
            WHERE relnamespace = 'public'::regnamespace AND relname NOT IN ('__EFMigrationsHistory', 'pk___ef_migrations_history')
            UNION ALL SELECT proname FROM pg_proc p WHERE pronamespace = 'public'::regnamespace AND proname <> @p
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
            """, "-", ct);
        Assert.Empty(left);
    }

    private static async Task<List<string>> ListAsync(DbContext db, string sql, string parameter, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(db.Database.GetConnectionString()!);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("p", parameter));
        List<string> values = [];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
