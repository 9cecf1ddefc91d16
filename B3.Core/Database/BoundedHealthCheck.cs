using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace B3.Core.Database;

/// <summary>
/// Answers when its check's token is cancelled, even if the check does not: Npgsql does not give up opening a connection
/// to a server that accepted it and never answers until its own connect timeout, so a registration's timeout alone
/// would leave <c>/health</c> waiting that long. The check runs in a scope of its own, so that an abandoned check keeps
/// its DbContext until it ends (at that connect timeout) instead of having it returned to the pool mid-connect.
/// </summary>
internal sealed class BoundedHealthCheck(IServiceScopeFactory scopes, Func<IServiceProvider, IHealthCheck> check) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        CheckInOwnScopeAsync(context, cancellationToken).WaitAsync(cancellationToken);

    private async Task<HealthCheckResult> CheckInOwnScopeAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await check(scope.ServiceProvider).CheckHealthAsync(context, cancellationToken);
    }
}
