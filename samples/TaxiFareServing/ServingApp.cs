using System.Net;
using MlCodeGuard.Runtime;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace TaxiFareServing;

/// <summary>The service: POST /predict, GET /health, GET /metrics (Prometheus), on 127.0.0.1 only.</summary>
public static class ServingApp
{
    /// <summary>
    /// Builds the app. Settings (command line <c>--Name=value</c>, environment, appsettings): <c>Port</c> (default 5080,
    /// 0 = any free port), <c>ModelPath</c> (default: the generated <c>TaxiFareModel.ModelPath</c> in the output
    /// directory), <c>WatchModel</c> (reload when the file changes, default true), and the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> to push metrics over OTLP as well.
    /// </summary>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var port = builder.Configuration.GetValue("Port", 5080);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        builder.Services.AddSingleton(services =>
        {
            // The meter provider first, so that the start-up load is counted (mlguard.model.loads) and traced too.
            services.GetRequiredService<MeterProvider>();
            return TaxiFareModel.Load(builder.Configuration["ModelPath"], options =>
            {
                options.WatchFile = builder.Configuration.GetValue("WatchModel", true);
                options.RequireSidecarManifest = true;
            });
        });
        builder.Services.AddHealthChecks().AddCheck<ModelHealthCheck>("model");

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("taxi-fare-serving"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RuntimeTelemetry.MeterName).AddPrometheusExporter();
                if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
                {
                    metrics.AddOtlpExporter();
                }
            });

        var app = builder.Build();
        // Load now: a model that fails verification stops the start-up with a ModelVerificationException naming the
        // failed check (hash, version, schema, ...). The container disposes the model when the app stops.
        try
        {
            app.Services.GetRequiredService<TaxiFareModel>();
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }

        app.MapPost("/predict", (TaxiTrip trip, TaxiFareModel served) =>
        {
            var prediction = served.Predict(trip);
            return Results.Ok(new FareResponse(prediction.FareAmount, served.Version));
        });
        app.MapHealthChecks("/health");
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}

/// <summary>The body of a /predict response.</summary>
public sealed record FareResponse(float FareAmount, string ModelVersion);
