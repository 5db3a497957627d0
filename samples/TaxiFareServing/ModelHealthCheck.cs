using MlCodeGuard.Runtime;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaxiFareServing;

/// <summary>Maps the runtime's health snapshot to ASP.NET Core health checks (GET /health).</summary>
public sealed class ModelHealthCheck(TaxiFareModel model) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = model.GetHealth();
        var data = new Dictionary<string, object>
        {
            ["model"] = health.ModelName ?? "",
            ["version"] = health.Version ?? "",
            ["generation"] = health.Generation,
        };
        return Task.FromResult(health.Status switch
        {
            ModelHealthStatus.Healthy => HealthCheckResult.Healthy(health.Description, data),
            ModelHealthStatus.Degraded => HealthCheckResult.Degraded(health.Description, data: data),
            _ => HealthCheckResult.Unhealthy(health.Description, data: data),
        });
    }
}
