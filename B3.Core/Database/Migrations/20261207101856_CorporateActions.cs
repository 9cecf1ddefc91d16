using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace B3.Core.Database.Migrations
{
    /// <summary>
    /// The daily snapshots of B3's corporate events, each distinct event once, and the views that turn them into adjusted
    /// price series (<c>Sql/adjusted_series.sql</c>: the recording function, events, factors, their periods, the
    /// adjusted-closes function and the warnings).
    /// </summary>
    public partial class CorporateActions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "corporate_actions",
                schema: "b3",
                columns: table => new
                {
                    report_date = table.Column<DateOnly>(type: "date", nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false),
                    object_key = table.Column<string>(type: "text", nullable: false),
                    etag = table.Column<string>(type: "text", nullable: false),
                    issuing_company = table.Column<string>(type: "text", nullable: false),
                    isin = table.Column<string>(type: "text", nullable: true),
                    ticker = table.Column<string>(type: "text", nullable: true),
                    source = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    label = table.Column<string>(type: "text", nullable: false),
                    factor = table.Column<decimal>(type: "numeric", nullable: true),
                    share_multiplier = table.Column<decimal>(type: "numeric", nullable: true),
                    cash_amount = table.Column<decimal>(type: "numeric", nullable: true),
                    sized = table.Column<bool>(type: "boolean", nullable: false),
                    approved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    last_date_prior = table.Column<DateOnly>(type: "date", nullable: false),
                    ex_date = table.Column<DateOnly>(type: "date", nullable: false),
                    payment_date = table.Column<DateOnly>(type: "date", nullable: true),
                    related_to = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("corporate_actions_pkey", x => new { x.report_date, x.position });
                });

            migrationBuilder.CreateTable(
                name: "reported_corporate_events",
                schema: "b3",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    first_reported = table.Column<DateOnly>(type: "date", nullable: false),
                    object_key = table.Column<string>(type: "text", nullable: false),
                    etag = table.Column<string>(type: "text", nullable: false),
                    issuing_company = table.Column<string>(type: "text", nullable: false),
                    isin = table.Column<string>(type: "text", nullable: true),
                    ticker = table.Column<string>(type: "text", nullable: true),
                    source = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    label = table.Column<string>(type: "text", nullable: false),
                    factor = table.Column<decimal>(type: "numeric", nullable: true),
                    share_multiplier = table.Column<decimal>(type: "numeric", nullable: true),
                    cash_amount = table.Column<decimal>(type: "numeric", nullable: true),
                    sized = table.Column<bool>(type: "boolean", nullable: false),
                    approved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    last_date_prior = table.Column<DateOnly>(type: "date", nullable: false),
                    ex_date = table.Column<DateOnly>(type: "date", nullable: false),
                    payment_date = table.Column<DateOnly>(type: "date", nullable: true),
                    related_to = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("reported_corporate_events_pkey", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "corporate_actions_by_issuer",
                schema: "b3",
                table: "corporate_actions",
                column: "issuing_company");

            migrationBuilder.CreateIndex(
                name: "corporate_actions_by_object_key",
                schema: "b3",
                table: "corporate_actions",
                column: "object_key");

            migrationBuilder.CreateIndex(
                name: "reported_corporate_events_by_first_report",
                schema: "b3",
                table: "reported_corporate_events",
                column: "first_reported");

            migrationBuilder.CreateIndex(
                name: "reported_corporate_events_identity",
                schema: "b3",
                table: "reported_corporate_events",
                columns: new[] { "ticker", "ex_date", "kind", "label", "factor", "share_multiplier", "cash_amount", "sized", "issuing_company", "isin", "approved_on", "last_date_prior", "payment_date", "related_to", "source" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.Sql(EmbeddedSql.Read("migration-sql/adjusted_series.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP VIEW b3.adjustment_warnings;
                DROP FUNCTION b3.adjusted_closes(text, date, date);
                DROP VIEW b3.adjustment_periods;
                DROP VIEW b3.adjustment_factors;
                DROP VIEW b3.corporate_events;
                DROP FUNCTION b3.record_reported_events(date, date);
                DROP AGGREGATE b3.product(numeric);
                DROP FUNCTION b3.multiply_rounded(numeric, numeric);
                """);
            migrationBuilder.DropTable(
                name: "corporate_actions",
                schema: "b3");

            migrationBuilder.DropTable(
                name: "reported_corporate_events",
                schema: "b3");
        }
    }
}
