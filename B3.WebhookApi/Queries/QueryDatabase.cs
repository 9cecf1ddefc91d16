using System.Net.Sockets;
using B3.ServiceDefaults.Resilience;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;

namespace B3.WebhookApi.Queries;

/// <summary>Runs the read-only queries of the query and status API, retrying transient database failures (DESIGN.md §8).</summary>
public sealed class QueryDatabase(NpgsqlDataSource dataSource, IOptions<RetrySettings> retry, ILogger<QueryDatabase> logger)
{
    private readonly ResiliencePipeline _pipeline = RetryPipelines.ForOperations("Database query", IsTransient, retry.Value, logger);

    public async Task<List<T>> ListAsync<T>(string sql, IReadOnlyList<NpgsqlParameter> parameters, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async token =>
        {
            await using var command = Command(sql, parameters);
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
            await using var command = Command(sql, parameters);
            return await command.ExecuteScalarAsync(token) is T value ? value : default;
        }, cancellationToken);

    private NpgsqlCommand Command(string sql, IReadOnlyList<NpgsqlParameter> parameters)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            // A retried attempt builds a new command; a parameter belongs to one command at a time.
            command.Parameters.Add(parameter.Clone());
        }

        return command;
    }

    private static bool IsTransient(Exception exception) =>
        exception is NpgsqlException { IsTransient: true } or SocketException or TimeoutException
        || (exception.InnerException is { } inner && IsTransient(inner));
}
