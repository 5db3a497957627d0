namespace MlCodeGuard.Runtime.Tests;

// MeterListener callbacks run on the predicting thread: the allocation test must not run beside a listening test.
[Collection(ListenerCollection.Name)]
public sealed class ObserverTests : IClassFixture<ModelFixture>
{
    private readonly ModelFixture _fixture;

    public ObserverTests(ModelFixture fixture) => _fixture = fixture;

    private sealed class CountingObserver : IPredictionObserver<HouseInput, HousePrediction>
    {
        public int Count;
        public double SizeSum;
        public double ScoreSum;

        public void OnPrediction(in HouseInput input, in HousePrediction output)
        {
            lock (this)
            {
                Count++;
                SizeSum += input.Size;
                ScoreSum += output.Score;
            }
        }
    }

    [Fact]
    public void Every_prediction_reaches_every_observer_with_its_input_and_output()
    {
        var first = new CountingObserver();
        var second = new CountingObserver();
        var options = new ModelHostOptions<HouseInput, HousePrediction>();
        options.Observers.Add(first);
        options.Observers.Add(second);
        using var host = ModelHost<HouseInput, HousePrediction>.Start(_fixture.Copy(_fixture.PathA), options);

        var scores = new double[4];
        Parallel.For(0, 4, t =>
        {
            var output = new HousePrediction();
            for (var i = 0; i < 25; i++)
            {
                var input = new HouseInput { Size = 1, Age = 0.5f };
                host.Predict(in input, ref output);
                scores[t] += output.Score;
            }
        });

        Assert.Equal(100, first.Count);
        Assert.Equal(100, second.Count);
        Assert.Equal(100, first.SizeSum);
        Assert.Equal(scores.Sum(), first.ScoreSum, 3);

        // Renting an engine directly bypasses the observers: they see what goes through Predict.
        using (var lease = host.Rent())
        {
            lease.Engine.Predict(ModelFixture.Sample);
        }

        Assert.Equal(100, first.Count);
    }

    [Fact]
    public void Observing_allocates_nothing_per_prediction()
    {
        var observer = new CountingObserver();
        var options = new ModelHostOptions<HouseInput, HousePrediction>();
        options.Observers.Add(observer);
        using var host = ModelHost<HouseInput, HousePrediction>.Start(_fixture.Copy(_fixture.PathA), options);
        var input = ModelFixture.Sample;
        var output = new HousePrediction();
        var engine = host.Model.Context.Model.CreatePredictionEngine<HouseInput, HousePrediction>(host.Model.Transformer);
        for (var i = 0; i < 100; i++)
        {
            host.Predict(in input, ref output);
            engine.Predict(input, ref output);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            engine.Predict(input, ref output);
        }

        var bare = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            host.Predict(in input, ref output);
        }

        var pooled = GC.GetAllocatedBytesForCurrentThread() - before;
        // Whatever the model itself allocates per call, the host, its pool and its observers add nothing.
        Assert.True(pooled <= bare, $"the host allocated {pooled} bytes over 1000 predictions, the bare engine {bare}");
        Assert.Equal(1100, observer.Count);
    }
}

[CollectionDefinition(Name)]
public sealed class ListenerCollection
{
    public const string Name = "MeterListener";
}
