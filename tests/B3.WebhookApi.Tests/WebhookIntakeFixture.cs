using B3.Testing;
using Npgsql;

namespace B3.WebhookApi.Tests;

/// <summary>A database, a bucket name and a running WebhookApi that accepts two webhook secrets (one being rotated out).</summary>
public sealed class WebhookIntakeFixture : B3Fixture
{
    public string PreviousSecret { get; } = StandardWebhookSigner.NewSecret();

    public WebhookApiFactory Factory { get; private set; } = null!;

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(ConfigurationValues)
    {
        ["WEBHOOK_SECRET"] = $"{WebhookSecret},{PreviousSecret}",
    };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Factory = new WebhookApiFactory(Settings);
        Factory.CreateClient().Dispose();
    }

    public override async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await base.DisposeAsync();
    }

    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }
}
