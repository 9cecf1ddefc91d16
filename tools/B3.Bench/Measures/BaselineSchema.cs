using B3.Core.Database;

namespace B3.Bench.Measures;

/// <summary>
/// The baseline tables: the market-data script of the initial migration itself
/// (B3.Core/Database/Migrations/InitialSchema/0002_market_data.sql) run again
/// with its schema renamed, so <c>baseline.daily_quotes</c> has the same yearly partitions and keys as
/// <c>b3.daily_quotes</c> (a <c>LIKE … INCLUDING ALL</c> copy would lack the partitions); then every index that later
/// migrations added to those tables (<c>instruments_by_ticker</c> of 0004, …), read from the catalog, so each side
/// maintains the same indexes.
/// </summary>
internal static class BaselineSchema
{
    public const string Name = "baseline";

    public static async Task CreateAsync(BenchEnvironment environment)
    {
        var migration = SqlScript.InitialSchema.Single(script => script.Name == "market_data").Sql;
        await environment.ExecuteAsync($"CREATE SCHEMA {Name}");
        await environment.ExecuteAsync(migration.Replace("b3.", Name + ".", StringComparison.Ordinal));
        await environment.ExecuteAsync(CopyLaterIndexes);
    }

    // pg_get_indexdef names a partitioned parent "ON ONLY b3.t"; created "ON baseline.t", the index reaches the partitions.
    private const string CopyLaterIndexes = $$"""
        DO $$
        DECLARE definition text;
        BEGIN
            FOR definition IN
                SELECT replace(replace(pg_get_indexdef(i.indexrelid), ' ON ONLY b3.', ' ON {{Name}}.'), ' ON b3.', ' ON {{Name}}.')
                FROM pg_index i
                JOIN pg_class t ON t.oid = i.indrelid
                JOIN pg_class x ON x.oid = i.indexrelid
                WHERE t.relnamespace = 'b3'::regnamespace AND NOT t.relispartition
                  AND to_regclass('{{Name}}.' || t.relname) IS NOT NULL
                  AND to_regclass('{{Name}}.' || x.relname) IS NULL
            LOOP
                EXECUTE definition;
            END LOOP;
        END $$
        """;
}
