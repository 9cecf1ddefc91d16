using B3.Core.Resilience;
using Npgsql;
using Polly;
using Polly.Registry;

namespace B3.WebhookApi.Queries;

/// <summary>
/// Runs the read-only queries of the query and status API, retrying transient database failures (DESIGN.md §8). Each
/// statement is prepared on the pooled connection that runs it (Npgsql keeps it there): an adjusted series' statement
/// reads five views over daily_quotes' yearly partitions, and planning it took longer than running it.
/// </summary>
public sealed class QueryDatabase(NpgsqlDataSource dataSource, ResiliencePipelineProvider<string> pipelines)
{
    private readonly ResiliencePipeline _pipeline = pipelines.GetPipeline(OperationPipelines.Database);

    public async Task<List<T>> ListAsync<T>(string sql, IReadOnlyList<NpgsqlParameter> parameters, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async token =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(token);
            await using var command = await PreparedAsync(connection, sql, parameters, token);
            await using var reader = await command.ExecuteReaderAsync(token);
            var rows = new List<T>();
            while (await reader.ReadAsync(token))
            {
                rows.Add(read(reader));
            }

            return rows;
        }, cancellationToken);

    public async Task<T?> ScalarAsync<T>(string sql, IReadOnlyList<NpgsqlParameter> parameters, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async token =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(token);
            await using var command = await PreparedAsync(connection, sql, parameters, token);
            return await command.ExecuteScalarAsync(token) is T value ? value : default;
        }, cancellationToken);

    private static async Task<NpgsqlCommand> PreparedAsync(
        NpgsqlConnection connection, string sql, IReadOnlyList<NpgsqlParameter> parameters, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            // A retried attempt builds a new command; a parameter belongs to one command at a time.
            command.Parameters.Add(parameter.Clone());
        }

        await command.PrepareAsync(cancellationToken);
        return command;
    }
}
