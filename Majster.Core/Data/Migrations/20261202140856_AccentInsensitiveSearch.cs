using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccentInsensitiveSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,");

            // unaccent() is STABLE (its dictionary could change), so an index cannot use it directly; the wrapper names
            // the dictionary by schema and is declared IMMUTABLE, which holds as long as unaccent.rules is not edited.
            // The search text joins the searched columns with a newline, which a one-line search box cannot contain,
            // so a term never matches across two columns. Both sides of ILIKE go through the same function.
            migrationBuilder.Sql("""
                CREATE FUNCTION majster_unaccent(text) RETURNS text
                    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                    RETURN public.unaccent('public.unaccent'::regdictionary, $1);

                CREATE FUNCTION offer_send_search_text(client_email text, client_name text, subject text) RETURNS text
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN majster_unaccent(client_email || E'\n' || coalesce(client_name, '') || E'\n' || subject);

                CREATE INDEX idx_offer_sends_search ON offer_sends
                    USING gin (offer_send_search_text(client_email, client_name, subject) gin_trgm_ops);
                CREATE INDEX idx_offers_title_search ON offers USING gin (majster_unaccent(title) gin_trgm_ops);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX idx_offers_title_search;
                DROP INDEX idx_offer_sends_search;
                DROP FUNCTION offer_send_search_text(text, text, text);
                DROP FUNCTION majster_unaccent(text);
                """);

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");
        }
    }
}
