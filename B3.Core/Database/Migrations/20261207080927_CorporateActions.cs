using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace B3.Core.Database.Migrations
{
    /// <summary>
    /// The daily snapshots of B3's corporate events, and the views that turn them into adjusted price series
    /// (<c>Sql/adjusted_series.sql</c>: events, factors, their periods, the adjusted-closes function and the warnings).
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
                    related_to = table.Column<string>(type: "text", nullable: true),
                    object_key = table.Column<string>(type: "text", nullable: false),
                    etag = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("corporate_actions_pkey", x => new { x.report_date, x.position });
                });

            migrationBuilder.CreateIndex(
                name: "corporate_actions_by_object_key",
                schema: "b3",
                table: "corporate_actions",
                column: "object_key");

            migrationBuilder.CreateIndex(
                name: "corporate_actions_by_ticker",
                schema: "b3",
                table: "corporate_actions",
                columns: new[] { "ticker", "ex_date" });

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
                DROP AGGREGATE b3.product(numeric);
                DROP FUNCTION b3.multiply_rounded(numeric, numeric);
                """);
            migrationBuilder.DropTable(
                name: "corporate_actions",
                schema: "b3");
        }
    }
}
