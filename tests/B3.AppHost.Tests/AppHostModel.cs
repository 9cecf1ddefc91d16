using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace B3.AppHost.Tests;

/// <summary>The AppHost's application model as a given configuration makes it, built but never started.</summary>
public sealed class AppHostModel : IAsyncDisposable
{
    private readonly DistributedApplication _app;

    private AppHostModel(DistributedApplication app) => _app = app;

    public IReadOnlyList<IResource> Resources => [.. _app.Services.GetRequiredService<DistributedApplicationModel>().Resources];

    public IResource this[string name] => Resources.Single(resource => resource.Name == name);

    /// <summary>
    /// Builds the model with <paramref name="configuration"/> (keys as in appsettings, e.g. <c>Storage:Emulated</c>) and
    /// gives every endpoint an address and a target port, as DCP would when it starts the resources.
    /// </summary>
    public static async Task<AppHostModel> BuildAsync(IReadOnlyDictionary<string, string> configuration, CancellationToken cancellationToken)
    {
        var arguments = configuration.Select(setting => $"--{setting.Key}={setting.Value}").ToArray();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.B3_AppHost>(arguments, cancellationToken);
        // Disposing an application that was built but never started now and then waits out the whole shutdown timeout
        // (30 s by default) for the AppHost's entry point; nothing is running, so a short timeout loses nothing.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var model = new AppHostModel(await builder.BuildAsync(cancellationToken));
        var port = 40000;
        foreach (var endpoint in model.Resources.SelectMany(resource => resource.Annotations.OfType<EndpointAnnotation>()))
        {
            var allocatedPort = endpoint.Port ?? port++;
            endpoint.TargetPort ??= allocatedPort;
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", allocatedPort);
        }

        return model;
    }

    /// <summary>
    /// The variables a resource starts with. <see cref="DistributedApplicationOperation.Run"/> gives their values;
    /// <see cref="DistributedApplicationOperation.Publish"/> says where each comes from, as the manifest writes it: a
    /// parameter is <c>{name.value}</c>, a connection string <c>{name.connectionString}</c>, an endpoint
    /// <c>{resource.bindings.http.url}</c>.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> EnvironmentOfAsync(string name, DistributedApplicationOperation operation, CancellationToken cancellationToken)
    {
        var configuration = await ConfigurationOfAsync(name, operation, builder => builder.WithEnvironmentVariablesConfig(), cancellationToken);
        return configuration.EnvironmentVariables.ToDictionary();
    }

    /// <summary>The arguments an executable starts with, their values resolved.</summary>
    public async Task<IReadOnlyList<string>> ArgumentsOfAsync(string name, CancellationToken cancellationToken)
    {
        var configuration = await ConfigurationOfAsync(name, DistributedApplicationOperation.Run, builder => builder.WithArgumentsConfig(), cancellationToken);
        return [.. configuration.Arguments.Select(argument => argument.Value)];
    }

    private async Task<IExecutionConfigurationResult> ConfigurationOfAsync(
        string name, DistributedApplicationOperation operation, Func<IExecutionConfigurationBuilder, IExecutionConfigurationBuilder> gather, CancellationToken cancellationToken)
    {
        var context = new DistributedApplicationExecutionContext(new DistributedApplicationExecutionContextOptions(operation) { Services = _app.Services });
        var configuration = await gather(ExecutionConfigurationBuilder.Create(this[name])).BuildAsync(context, NullLogger.Instance, cancellationToken);
        return configuration.Exception is { } exception ? throw exception : configuration;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
