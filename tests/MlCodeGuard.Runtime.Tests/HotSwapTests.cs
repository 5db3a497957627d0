using System.Diagnostics;
using Xunit.Abstractions;

namespace MlCodeGuard.Runtime.Tests;

// The memory bound below reads the whole process's heap: other test classes training models in parallel would count
// against it (a CI run saw 9.6 MB -> 29 MB that way), so this class runs alone.
[Collection(HotSwapCollection.Name)]
public sealed class HotSwapTests : IClassFixture<ModelFixture>
{
    private const int Threads = 16;
    private const int Swaps = 1000;

    private readonly ModelFixture _fixture;
    private readonly ITestOutputHelper _output;

    public HotSwapTests(ModelFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public void Sixteen_threads_predict_while_the_model_is_swapped_a_thousand_times()
    {
        var a = ModelLoader.Load<HouseInput, HousePrediction>(_fixture.PathA);
        var b = ModelLoader.Load<HouseInput, HousePrediction>(_fixture.PathB);
        using var host = ModelHost<HouseInput, HousePrediction>.Start(_fixture.Copy(_fixture.PathA));
        host.Predict(ModelFixture.Sample);

        // One engine per generation, held weakly: every generation but the last must be collectable at the end.
        var retired = new List<(long Generation, WeakReference Engine)>(Swaps + 1);
        Track(host, retired);

        long completedGeneration = 1;
        long predictions = 0, failures = 0, staleLeases = 0, wrongModel = 0;
        Exception? firstFailure = null;
        var stop = false;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

        var workers = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            var input = ModelFixture.Sample;
            var output = new HousePrediction();
            while (!Volatile.Read(ref stop))
            {
                try
                {
                    // Generation 1 is A, then B, A, B...: odd generations must score like A, even ones like B.
                    var seen = Volatile.Read(ref completedGeneration);
                    using (var lease = host.Rent())
                    {
                        if (lease.Generation < seen)
                        {
                            Interlocked.Increment(ref staleLeases);
                        }

                        lease.Predict(in input, ref output);
                        if (ModelFixture.IsFromB(output.Score) != (lease.Generation % 2 == 0))
                        {
                            Interlocked.Increment(ref wrongModel);
                        }
                    }

                    host.Predict(in input, ref output);
                    Interlocked.Add(ref predictions, 2);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref firstFailure, e, null);
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();

        var clock = Stopwatch.StartNew();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        for (var i = 1; i <= Swaps; i++)
        {
            // Let each generation serve some predictions before the next swap.
            var served = Volatile.Read(ref predictions);
            SpinWait.SpinUntil(() => Volatile.Read(ref predictions) >= served + Threads, TimeSpan.FromSeconds(5));
            var result = host.Swap(i % 2 == 1 ? b : a);
            Volatile.Write(ref completedGeneration, result.ServingGeneration);
            Track(host, retired);
        }

        Volatile.Write(ref stop, true);
        foreach (var worker in workers)
        {
            worker.Join();
        }

        clock.Stop();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        _output.WriteLine($"{Swaps} swaps, {predictions} predictions on {Threads} threads in {clock.Elapsed.TotalSeconds:F1} s; memory {memoryBefore / 1024} KiB -> {memoryAfter / 1024} KiB");

        Assert.True(failures == 0, $"{failures} failed predictions, first: {firstFailure}");
        Assert.Equal(0, staleLeases);
        Assert.Equal(0, wrongModel);
        Assert.Equal(Swaps + 1, host.Generation);
        Assert.True(predictions >= Swaps * Threads, $"only {predictions} predictions");
        var alive = retired.Where(r => r.Generation < host.Generation && r.Engine.IsAlive).Select(r => r.Generation).ToList();
        Assert.True(alive.Count == 0, $"{alive.Count} engines of retired generations are still referenced, first of generation {alive.FirstOrDefault()}");
        // A coarse guard on everything else a swap could leave behind; the retired engines themselves are checked exactly
        // above (keeping every generation's engines alive grew this heap by only 6.5 MB).
        Assert.True(memoryAfter - memoryBefore < 16 * 1024 * 1024, $"memory grew by {(memoryAfter - memoryBefore) / 1024} KiB across {Swaps} swaps");
    }

    // Not inlined, so no local of the caller's frame keeps the engine alive.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Track(ModelHost<HouseInput, HousePrediction> host, List<(long, WeakReference)> retired)
    {
        using var lease = host.Rent();
        retired.Add((lease.Generation, new WeakReference(lease.Engine)));
    }

    [Fact]
    public void A_lease_taken_before_a_swap_is_disposed_on_return_and_never_handed_out_again()
    {
        var b = ModelLoader.Load<HouseInput, HousePrediction>(_fixture.PathB);
        using var host = ModelHost<HouseInput, HousePrediction>.Start(_fixture.Copy(_fixture.PathA));

        var old = host.Rent();
        var oldEngine = old.Engine;
        host.Swap(b);
        old.Dispose();

        for (var i = 0; i < 50; i++)
        {
            using var lease = host.Rent();
            Assert.Equal(2, lease.Generation);
            Assert.NotSame(oldEngine, lease.Engine);
        }
    }

    [Fact]
    public void The_engine_a_thread_keeps_for_Predict_is_replaced_once_a_swap_completed()
    {
        var b = ModelLoader.Load<HouseInput, HousePrediction>(_fixture.PathB);
        using var host = ModelHost<HouseInput, HousePrediction>.Start(_fixture.Copy(_fixture.PathA));
        var input = ModelFixture.Sample;
        var output = new HousePrediction();

        host.Predict(in input, ref output);
        Assert.False(ModelFixture.IsFromB(output.Score));
        host.Swap(b);
        host.Predict(in input, ref output);
        Assert.True(ModelFixture.IsFromB(output.Score));
    }

    [Fact]
    public void Two_hosts_used_in_turn_on_one_thread_each_predict_with_their_own_model()
    {
        using var hostA = ModelHost<HouseInput, HousePrediction>.Start(_fixture.Copy(_fixture.PathA));
        using var hostB = ModelHost<HouseInput, HousePrediction>.Start(_fixture.Copy(_fixture.PathB));
        var input = ModelFixture.Sample;
        var output = new HousePrediction();
        for (var i = 0; i < 20; i++)
        {
            hostA.Predict(in input, ref output);
            Assert.False(ModelFixture.IsFromB(output.Score));
            hostB.Predict(in input, ref output);
            Assert.True(ModelFixture.IsFromB(output.Score));
        }
    }

    [Fact]
    public void Engines_are_reused_within_a_generation()
    {
        using var host = ModelHost<HouseInput, HousePrediction>.Start(_fixture.Copy(_fixture.PathA));
        object first;
        using (var lease = host.Rent())
        {
            first = lease.Engine;
        }

        using (var lease = host.Rent())
        {
            Assert.Same(first, lease.Engine);
        }
    }

    [Fact]
    public void Swap_refuses_a_model_verified_for_other_types()
    {
        var c = ModelLoader.Load<HouseInputDoubleAge, HousePrediction>(_fixture.PathC);
        using var host = ModelHost<HouseInput, HousePrediction>.Start(_fixture.Copy(_fixture.PathA));
        var e = Assert.Throws<ArgumentException>(() => host.Swap(c));
        Assert.Contains("HouseInputDoubleAge", e.Message);
    }

    [Fact]
    public void A_disposed_host_is_unhealthy_and_refuses_predictions()
    {
        var host = ModelHost<HouseInput, HousePrediction>.Start(_fixture.Copy(_fixture.PathA));
        var health = host.GetHealth();
        Assert.Equal(ModelHealthStatus.Healthy, health.Status);
        Assert.True(health.IsLoaded);
        Assert.Equal(("house-price", "1.0.0", 1L), (health.ModelName, health.Version, health.Generation));
        Assert.NotNull(health.LoadedUtc);
        Assert.Null(health.LastReload);
        Assert.Equal("house-price 1.0.0 (generation 1)", health.Description);

        var lease = host.Rent();
        host.Dispose();
        lease.Dispose();

        Assert.Equal(ModelHealthStatus.Unhealthy, host.GetHealth().Status);
        Assert.False(host.GetHealth().IsLoaded);
        Assert.Throws<ObjectDisposedException>(() => host.Predict(ModelFixture.Sample));
        Assert.Throws<ObjectDisposedException>(() => host.Reload());
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HotSwapCollection
{
    public const string Name = "Hot swap (measures the process heap)";
}
