using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using MlCodeGuard.Runtime;
using TaxiFareServing;

namespace MlCodeGuard.Samples.Tests;

/// <summary>
/// samples/TaxiFareServing on a free loopback port (its own Kestrel, in this process): predictions through the
/// generated TaxiFareModel, health, and the OpenTelemetry Prometheus scrape endpoint.
/// </summary>
[Collection(ServedSampleCollection.Name)]
public sealed class ServedSampleTests
{
    private static readonly string[] Quiet = ["--Port=0", "--WatchModel=false", "--Logging:LogLevel:Default=Warning"];

    [Fact]
    public async Task Serves_predictions_and_exports_their_count_and_the_model_version()
    {
        await using var app = ServingApp.Create(Quiet);
        await app.StartAsync();
        var address = new Uri(Assert.Single(app.Urls));
        Assert.Equal("127.0.0.1", address.Host);
        using var http = new HttpClient { BaseAddress = address };

        var trips = new[]
        {
            new TaxiTrip { VendorId = "VTS", PassengerCount = 1, TripDistance = 3.5f, PaymentType = "CRD" },
            new TaxiTrip { VendorId = "CMT", PassengerCount = 3, TripDistance = 9.68f, PaymentType = "CSH" },
            new TaxiTrip { VendorId = "VTS", PassengerCount = 2, TripDistance = 11.36f, PaymentType = "CRD" },
            new TaxiTrip { VendorId = "VTS", PassengerCount = 1, TripDistance = 0.5f, PaymentType = "CSH" },
            new TaxiTrip { VendorId = "CMT", PassengerCount = 4, TripDistance = 6.56f, PaymentType = "CRD" },
        };
        var fares = new List<float>();
        foreach (var trip in trips)
        {
            using var response = await http.PostAsJsonAsync("/predict", trip);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var fare = (await response.Content.ReadFromJsonAsync<FareResponse>())!;
            Assert.Equal("1.0.0", fare.ModelVersion);
            fares.Add(fare.FareAmount);
        }

        // The data: fare = 2.5 + 2.35 x distance + small extras + noise (samples/README.md); the model is close to it.
        for (var i = 0; i < trips.Length; i++)
        {
            var expected = 2.5f + (2.35f * trips[i].TripDistance);
            Assert.InRange(fares[i], expected - 3f, expected + 3f);
        }

        var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());

        var metrics = await http.GetStringAsync("/metrics");
        Assert.Equal(5, Sample(metrics, "mlguard_predictions_total"));
        Assert.Equal(1, Sample(metrics, "mlguard_model_version")); // generation 1 of version 1.0.0
        Assert.Equal(1, Sample(metrics, "mlguard_model_loads_total"));

        await app.StopAsync();
    }

    [Fact]
    public void A_tampered_model_is_refused_at_startup_with_the_failed_check()
    {
        var dir = Directory.CreateTempSubdirectory("mlguard-serving-").FullName;
        try
        {
            var source = TaxiFareModel.ResolvePath();
            var zip = Path.Combine(dir, "taxi-fare.zip");
            File.Copy(source, zip);
            File.Copy(Path.ChangeExtension(source, null) + ".manifest.json", Path.Combine(dir, "taxi-fare.manifest.json"));
            var bytes = File.ReadAllBytes(zip);
            // One bit in the middle of the first entry's data, an ML.NET file (the manifest entry, last, stays readable):
            // a local file header is 30 bytes plus the name and extra field lengths at offsets 26 and 28; the
            // compressed size is at offset 18.
            var data = 30 + BitConverter.ToUInt16(bytes, 26) + BitConverter.ToUInt16(bytes, 28);
            bytes[data + (int)(BitConverter.ToUInt32(bytes, 18) / 2)] ^= 0x01;
            File.WriteAllBytes(zip, bytes);

            var refused = Assert.Throws<ModelVerificationException>(() => ServingApp.Create([.. Quiet, "--ModelPath=" + zip]));
            Assert.Equal(ModelVerificationFailureKind.Hash, refused.Kind);
            Assert.Contains("file SHA-256", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The value of the one sample of <paramref name="metric"/> for model taxi-fare, version 1.0.0.</summary>
    private static double Sample(string exposition, string metric)
    {
        var samples = exposition.Split('\n')
            .Select(line => Regex.Match(line, "^" + Regex.Escape(metric) + @"\{(?<labels>[^}]*)\} (?<value>\S+)"))
            .Where(m => m.Success
                        && m.Groups["labels"].Value.Contains("model=\"taxi-fare\"", StringComparison.Ordinal)
                        && m.Groups["labels"].Value.Contains("version=\"1.0.0\"", StringComparison.Ordinal))
            .ToArray();
        var sample = Assert.Single(samples);
        return double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
    }
}
