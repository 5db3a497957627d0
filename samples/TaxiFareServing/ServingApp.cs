using System.Net;
using System.Text.Json;
using MlCodeGuard.Runtime;
using MlCodeGuard.Runtime.Monitoring;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace TaxiFareServing;

/// <summary>
/// The service, on 127.0.0.1 only: POST /predict, POST /predict/batch, GET /health, GET /metrics (Prometheus),
/// GET /monitoring/snapshot and GET /monitoring/alarms (drift).
/// </summary>
public static class ServingApp
{
    /// <summary>The most trips one POST /predict/batch takes.</summary>
    public const int MaxBatch = 10_000;

    /// <summary>
    /// Builds the app. Settings (command line <c>--Name=value</c>, environment, appsettings): <c>Port</c> (default 5080,
    /// 0 = any free port), <c>ModelPath</c> (default: the generated <c>TaxiFareModel.ModelPath</c> in the output
    /// directory), <c>WatchModel</c> (reload when the file changes, default true), the <c>Monitoring</c> section
    /// (<see cref="MonitoringSettings"/>: <c>Enabled</c>, <c>Arl0</c>, <c>Shards</c>, <c>HistoryEvery</c>,
    /// <c>ModelImportance</c>), and the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> to push metrics over OTLP as well.
    /// </summary>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var port = builder.Configuration.GetValue("Port", 5080);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        var monitoring = builder.Configuration.GetSection("Monitoring").Get<MonitoringSettings>() ?? new MonitoringSettings();
        builder.Services.AddSingleton(monitoring);
        builder.Services.AddSingleton<DriftMonitoring>();
        builder.Services.AddSingleton(services =>
        {
            // The meter provider first, so that the start-up load is counted (mlguard.model.loads) and traced too.
            services.GetRequiredService<MeterProvider>();
            var drift = monitoring.Enabled ? services.GetRequiredService<DriftMonitoring>() : null;
            var model = TaxiFareModel.Load(builder.Configuration["ModelPath"], options =>
            {
                options.WatchFile = builder.Configuration.GetValue("WatchModel", true);
                options.RequireSidecarManifest = true;
                if (drift is not null)
                {
                    // Every prediction's input and score reach the drift monitor (no allocation on that path).
                    options.Observers.Add(drift);
                }
            });
            drift?.Attach(model);
            return model;
        });
        builder.Services.AddHealthChecks().AddCheck<ModelHealthCheck>("model");

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("taxi-fare-serving"))
            .WithMetrics(metrics =>
            {
                // One meter: the model's instruments and the drift monitor's (mlguard.drift.*, mlguard.data.*).
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
        app.MapPost("/predict/batch", (TaxiTrip[] trips, TaxiFareModel served) =>
        {
            if (trips.Length > MaxBatch)
            {
                return Results.BadRequest($"at most {MaxBatch} trips per batch");
            }

            // In order, on this request's thread: each trip is one prediction, counted and observed like POST /predict.
            var version = served.Version;
            var fares = new FareResponse[trips.Length];
            var prediction = new FarePrediction();
            for (var i = 0; i < trips.Length; i++)
            {
                served.Predict(in trips[i], ref prediction);
                fares[i] = new FareResponse(prediction.FareAmount, version);
            }

            return Results.Ok(fares);
        });
        app.MapGet("/monitoring/snapshot", (DriftMonitoring drift) => drift.Monitor is { } monitor
            ? Results.Text(monitor.Snapshot().ToJson(), "application/json")
            : NoMonitor(drift, monitoring));
        app.MapGet("/monitoring/alarms", (DriftMonitoring drift) => drift.Monitor is { } monitor
            ? Results.Text(JsonSerializer.Serialize(monitor.Alarms, MonitoringJson.Options), "application/json")
            : NoMonitor(drift, monitoring));
        app.MapHealthChecks("/health");
        app.MapPrometheusScrapingEndpoint();
        return app;
    }

    private static IResult NoMonitor(DriftMonitoring drift, MonitoringSettings settings) =>
        settings.Enabled && !drift.Ready.IsCompleted
            ? Results.Problem("drift monitoring is starting (its detectors are being calibrated)", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Problem("drift monitoring is off (Monitoring:Enabled=false, or the model's manifest has no baseline)", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>The body of a /predict response.</summary>
public sealed record FareResponse(float FareAmount, string ModelVersion);
