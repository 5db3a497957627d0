using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using MlCodeGuard.Runtime.Packaging;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>
/// Streaming drift detection against a <see cref="MonitoringBaseline"/>: per column, CUSUMs on the mean and the
/// variance of the normal score and an EWMA over the baseline's quantile bins (or categories), calibrated to
/// <see cref="DriftMonitorOptions.Arl0"/>; plus missing values, out-of-range values and unseen categories. Constant
/// time and no allocation per observation; thread-safe by sharding.
/// </summary>
/// <example><code>
/// var monitor = DriftMonitor.FromManifest(host.Manifest);
/// monitor.AlarmRaised += (_, alarm) => logger.LogWarning("{Alarm}", alarm);
/// using (var row = monitor.BeginRow())
/// {
///     row.Numeric(0, input.Size);
///     row.Categorical(1, input.City);
///     row.Score(output.Score);
/// }
/// </code></example>
public sealed class DriftMonitor : IDisposable
{
    private readonly Column[] _columns;
    private readonly int[] _slots; // column → its slot in the shards' numeric lanes, −1 for a categorical column
    private readonly Shard[] _shards;
    private readonly FeatureImportance _importance;
    private readonly object _alarmLock = new();
    private readonly Queue<DriftAlarm> _alarms = new();
    private readonly History _history;
    private readonly long _startTimestamp;
    private int _disposed;

    /// <summary>Creates a monitor for the columns of <paramref name="baseline"/> (and its score).</summary>
    /// <param name="baseline">The training-time baseline.</param>
    /// <param name="options">Detection options; defaults when <see langword="null"/>.</param>
    public DriftMonitor(MonitoringBaseline baseline, DriftMonitorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        Options = options ?? new DriftMonitorOptions();
        if (Options.Arl0 < 10 || Options.Shards < 1 || Options.EwmaLambda is <= 0 or >= 1)
        {
            throw new ArgumentException("Arl0 must be at least 10, Shards at least 1, EwmaLambda in (0, 1)", nameof(options));
        }

        Baseline = baseline;
        ModelName = Options.ModelName ?? "model";
        ModelVersion = Options.ModelVersion ?? string.Empty;
        Eta = DetectorCalibration.NumericEta(Options);
        var columns = baseline.Columns();
        _columns = new Column[columns.Count];
        var numeric = new DetectorParameters(Options, Eta, DetectorParameters.NumericBinProbabilities(), numeric: true);
        for (var i = 0; i < columns.Count; i++)
        {
            _columns[i] = new Column(columns[i], baseline.Score is not null && i == columns.Count - 1, Options, Eta, numeric);
        }

        FeatureNames = _columns.Select(c => c.Baseline.Name).ToArray();
        ScoreIndex = baseline.Score is null ? -1 : _columns.Length - 1;
        _importance = (Options.Importance ?? FeatureImportanceSources.Uniform).Resolve(FeatureNames);
        // The numeric columns (the score included) share one set of detector constants: their state is laid out across
        // columns (DetectorLanes), each with its slot; a row's numeric values are stepped together at its end.
        _slots = new int[_columns.Length];
        var numericFeatures = new List<int>();
        for (var i = 0; i < _columns.Length; i++)
        {
            _slots[i] = _columns[i].Baseline.Kind == FeatureKind.Categorical ? -1 : numericFeatures.Count;
            if (_slots[i] >= 0)
            {
                numericFeatures.Add(i);
            }
        }

        var table = new ScoreTable(numericFeatures.Select(f => _columns[f]).ToArray(), (numericFeatures.Count + 3) & ~3);

        _shards = new Shard[Options.Shards];
        for (var s = 0; s < _shards.Length; s++)
        {
            _shards[s] = new Shard(s, _columns, _slots, numeric, numericFeatures.ToArray(), table, Options.HistoryEvery);
        }

        _history = new History(Options.HistoryCapacity, _columns.Length);
        StartedUtc = DateTimeOffset.UtcNow;
        _startTimestamp = Stopwatch.GetTimestamp();
        MonitoringTelemetry.Register(this);
    }

    /// <summary>Creates a monitor from the baseline a manifest carries; its name and version tag the metrics.</summary>
    /// <param name="manifest">The serving model's manifest.</param>
    /// <param name="options">Detection options; <see cref="DriftMonitorOptions.ModelName"/> and version default to the manifest's.</param>
    /// <returns>The monitor.</returns>
    /// <exception cref="InvalidOperationException">The manifest has no baseline.</exception>
    public static DriftMonitor FromManifest(ModelManifest manifest, DriftMonitorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var baseline = MonitoringBaseline.FromManifest(manifest)
            ?? throw new InvalidOperationException($"the manifest of '{manifest.Name}' has no '{MonitoringBaseline.SectionName}' monitoring section: record one with BaselineBuilder when saving the package");
        options ??= new DriftMonitorOptions();
        options.ModelName ??= manifest.Name;
        options.ModelVersion ??= manifest.Version;
        return new DriftMonitor(baseline, options);
    }

    /// <summary>Raised for every alarm, on the observing thread after its row is complete (no lock held).</summary>
    public event EventHandler<DriftAlarm>? AlarmRaised;

    /// <summary>The options.</summary>
    public DriftMonitorOptions Options { get; }

    /// <summary>The baseline.</summary>
    public MonitoringBaseline Baseline { get; }

    /// <summary>The model name of metric tags.</summary>
    public string ModelName { get; }

    /// <summary>The model version of snapshots.</summary>
    public string ModelVersion { get; }

    /// <summary>The calibrated log of the in-control run length each statistic is designed for, in nats (every threshold derives from it).</summary>
    public double Eta { get; }

    /// <summary>The monitored columns in index order (the score last when monitored).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The index of the score column, or −1.</summary>
    public int ScoreIndex { get; }

    /// <summary>When the monitor started.</summary>
    public DateTimeOffset StartedUtc { get; }

    /// <summary>The deployment record alarms are written to, if any.</summary>
    public DeploymentRecord? Deployment { get; set; }

    /// <summary>Rows observed so far (exact).</summary>
    public long Rows
    {
        get
        {
            long rows = 0;
            foreach (var shard in _shards)
            {
                rows += Volatile.Read(ref shard.Rows);
            }

            return rows;
        }
    }

    /// <summary>The most recent alarms, oldest first.</summary>
    public IReadOnlyList<DriftAlarm> Alarms
    {
        get
        {
            lock (_alarmLock)
            {
                return _alarms.ToArray();
            }
        }
    }

    /// <summary>The index of a column by name.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The index, or −1.</returns>
    public int IndexOf(string name) => Array.IndexOf((string[])FeatureNames, name);

    /// <summary>
    /// Starts a row: takes the calling thread's shard. Record the row's values on the returned <see cref="DriftRow"/>
    /// and dispose it (a <c>using</c>) to release the shard and deliver alarms.
    /// </summary>
    /// <returns>The row.</returns>
    public DriftRow BeginRow()
    {
        var shard = _shards[(uint)Environment.CurrentManagedThreadId % (uint)_shards.Length];
        shard.Enter();
        return new DriftRow(this, shard);
    }

    internal void EndRow(Shard shard)
    {
        if (shard.Numeric.Dirty)
        {
            shard.Numeric.Flush(this, shard);
        }

        shard.Rows++;
        if (shard.Raised is { } raised)
        {
            // Root causes are computed once the whole row is in, so that the score and every feature agree.
            shard.Raised = null;
            foreach (var r in raised)
            {
                (shard.Pending ??= new List<DriftAlarm>()).Add(BuildAlarm(shard, r));
            }
        }

        var record = --shard.HistoryCountdown == 0;
        if (record)
        {
            shard.HistoryCountdown = Options.HistoryEvery;
        }

        var pending = shard.Pending;
        shard.Pending = null;
        shard.Exit();
        if (record)
        {
            _history.Add(this);
        }

        if (pending is not null)
        {
            Deliver(pending);
        }
    }

    /// <summary>Buffers a numeric value in the row; the detectors step at the row's end (<see cref="EndRow"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ObserveNumeric(Shard shard, int feature, double value)
    {
        var slot = _slots[feature];
        if (slot < 0 || !shard.Numeric.Buffer(slot, value))
        {
            ObserveNumericAgain(shard, feature, value);
        }
    }

    private void ObserveNumericAgain(Shard shard, int feature, double value)
    {
        if (_slots[feature] < 0)
        {
            throw NotNumeric(feature);
        }

        // The row already has a value of this column: step the row so far, then buffer the new one.
        shard.Numeric.Flush(this, shard);
        shard.Numeric.Buffer(_slots[feature], value);
    }

    private InvalidOperationException NotNumeric(int feature) =>
        new($"column '{_columns[feature].Baseline.Name}' has a categorical baseline: observe it with DriftRow.Categorical");

    internal void ObserveCategory(Shard shard, int feature, string? value)
    {
        var column = _columns[feature];
        var state = shard.States[feature];
        if (column.CategoryIndex is null)
        {
            throw new InvalidOperationException($"column '{column.Baseline.Name}' has a numeric baseline: observe it with DriftRow.Numeric");
        }

        if (string.IsNullOrEmpty(value))
        {
            state.Missing++;
            return;
        }

        if (!column.CategoryIndex!.TryGetValue(value, out var bin))
        {
            bin = column.OtherBin;
            if (!column.KnownOther!.Contains(value))
            {
                state.Unseen++;
            }
        }

        var alarm = state.Lanes.StepCategory(state.Slot, bin);
        if (alarm >= 0)
        {
            RaiseAlarm(shard, feature, alarm);
        }
    }

    internal void RaiseAlarm(Shard shard, int feature, int detector)
    {
        var state = shard.States[feature];
        var (mean, variance, shape) = state.Normalized();
        var raised = new RaisedAlarm(feature, detector, DateTimeOffset.UtcNow, Stopwatch.GetElapsedTime(_startTimestamp), state.Count,
            state.OnsetAgo(detector), Math.Max(mean, Math.Max(variance, shape)),
            mean >= variance && mean >= shape ? DriftDetector.Mean : variance >= shape ? DriftDetector.Variance : DriftDetector.Shape);
        state.Alarms++;
        (state.LastAlarmMagnitude, state.LastAlarmCount, state.LastAlarmDetector) = (raised.Magnitude, state.Count, raised.Strongest);
        state.Reset();
        (shard.Raised ??= new List<RaisedAlarm>()).Add(raised);
    }

    private DriftAlarm BuildAlarm(Shard shard, RaisedAlarm r)
    {
        var p = _columns[r.Feature].Numeric;
        var perObservation = r.Count > 0 ? r.Elapsed / r.Count : TimeSpan.Zero;
        var kind = r.Detector < p.MeanCount ? DriftDetector.Mean : r.Detector < p.CusumCount ? DriftDetector.Variance : DriftDetector.Shape;
        var direction = kind == DriftDetector.Shape ? string.Empty
            : kind == DriftDetector.Mean ? (r.Detector % 2 == 0 ? "up" : "down")
            : r.Detector == p.MeanCount ? "up" : "down";
        var (ranked, contributions, scoreChange) = RootCauses(shard);
        return new DriftAlarm
        {
            Utc = r.Utc,
            Feature = _columns[r.Feature].Baseline.Name,
            Detector = kind,
            Direction = direction,
            Statistic = r.Magnitude,
            Shard = shard.Index,
            OnsetObservationsAgo = r.OnsetAgo,
            EstimatedOnsetUtc = r.Utc - perObservation * r.OnsetAgo,
            RankedFeatures = ranked,
            Contributions = contributions,
            ScoreChange = scoreChange,
        };
    }

    /// <summary>Observations of a column after which its last alarm's statistic counts half in the root-cause ranking.</summary>
    internal const int AlarmMemoryHalfLife = 2_000;

    private (RootCause[] Ranked, ScoreContribution[] Contributions, double? ScoreChange) RootCauses(Shard shard)
    {
        var ranked = new List<RootCause>();
        var contributions = new List<ScoreContribution>();
        for (var i = 0; i < _columns.Length; i++)
        {
            if (i == ScoreIndex)
            {
                continue;
            }

            var column = _columns[i];
            var state = shard.States[i];
            var (mean, variance, shape) = state.Normalized();
            var magnitude = Math.Max(mean, Math.Max(variance, shape));
            var detector = magnitude == mean ? DriftDetector.Mean : magnitude == variance ? DriftDetector.Variance : DriftDetector.Shape;
            if (state.LastAlarmMagnitude > 0)
            {
                // A column's detectors restart when it alarms, so its current statistic understates a lasting drift: the
                // statistic that fired counts, halved every AlarmMemoryHalfLife observations of that column since. For the
                // alarm's own column that is exactly the statistic that fired (alarms are built at the end of their row);
                // for a column that alarmed just before, it keeps an alarm on the score from ranking another input first.
                var decayed = state.LastAlarmMagnitude * Math.Pow(0.5, (state.Count - state.LastAlarmCount) / (double)AlarmMemoryHalfLife);
                if (decayed > magnitude)
                {
                    (magnitude, detector) = (decayed, state.LastAlarmDetector);
                }
            }

            var importance = _importance.Importance[i];
            var sd = Math.Sqrt(column.Baseline.Variance);
            var delta = column.Baseline.Kind == FeatureKind.Numeric && state.Count > 0 ? state.RecentMean - column.Baseline.Mean : 0;
            ranked.Add(new RootCause
            {
                Feature = column.Baseline.Name,
                Magnitude = magnitude,
                Importance = importance,
                Score = magnitude * importance,
                Detector = detector,
                MeanShift = sd > 0 ? delta / sd : 0,
            });
            if (column.Baseline.Kind == FeatureKind.Numeric)
            {
                var contribution = _importance.LinearWeights is { } weights ? weights[i] * delta : importance * (sd > 0 ? delta / sd : 0);
                contributions.Add(new ScoreContribution(column.Baseline.Name, contribution));
            }
        }

        double? scoreChange = null;
        if (ScoreIndex >= 0 && shard.States[ScoreIndex].Count > 0)
        {
            scoreChange = shard.States[ScoreIndex].RecentMean - _columns[ScoreIndex].Baseline.Mean;
        }

        return (ranked.OrderByDescending(r => r.Score).ThenBy(r => r.Feature, StringComparer.Ordinal).ToArray(),
            contributions.OrderByDescending(c => Math.Abs(c.Contribution)).ToArray(),
            scoreChange);
    }

    private void Deliver(List<DriftAlarm> alarms)
    {
        lock (_alarmLock)
        {
            foreach (var alarm in alarms)
            {
                _alarms.Enqueue(alarm);
                while (_alarms.Count > Options.AlarmsKept)
                {
                    _alarms.Dequeue();
                }
            }
        }

        foreach (var alarm in alarms)
        {
            MonitoringTelemetry.CountAlarm(this, alarm);
            Deployment?.RecordAlarm(ModelName, ModelVersion, alarm);
            AlarmRaised?.Invoke(this, alarm);
        }
    }

    /// <summary>The current drift statistics per column (strongest over shards), for gauges and dashboards.</summary>
    /// <returns>Per column in index order: mean, variance and shape statistics over their thresholds (1 = alarm).</returns>
    public (double Mean, double Variance, double Shape)[] CurrentStatistics()
    {
        var result = new (double, double, double)[_columns.Length];
        foreach (var shard in _shards)
        {
            shard.Enter();
            try
            {
                for (var i = 0; i < _columns.Length; i++)
                {
                    var (m, v, s) = shard.States[i].Normalized();
                    result[i] = (Math.Max(result[i].Item1, m), Math.Max(result[i].Item2, v), Math.Max(result[i].Item3, s));
                }
            }
            finally
            {
                shard.Exit();
            }
        }

        return result;
    }

    /// <summary>Exact data-integrity counts per column: non-missing, missing, out of the baseline's range, unseen categories.</summary>
    /// <returns>Per column in index order.</returns>
    public (long Count, long Missing, long OutOfRange, long Unseen)[] IntegrityCounts()
    {
        var result = new (long, long, long, long)[_columns.Length];
        foreach (var shard in _shards)
        {
            shard.Enter();
            try
            {
                for (var i = 0; i < _columns.Length; i++)
                {
                    var s = shard.States[i];
                    result[i] = (result[i].Item1 + s.Count, result[i].Item2 + s.Missing, result[i].Item3 + s.OutOfRange, result[i].Item4 + s.Unseen);
                }
            }
            finally
            {
                shard.Exit();
            }
        }

        return result;
    }

    /// <summary>The monitor's state as mergeable data (see <see cref="DriftSnapshot"/>); also records a history point.</summary>
    /// <returns>The snapshot.</returns>
    public DriftSnapshot Snapshot()
    {
        _history.Add(this);
        var features = new FeatureSnapshot[_columns.Length];
        var rows = 0L;
        for (var i = 0; i < _columns.Length; i++)
        {
            features[i] = SnapshotColumn(i);
        }

        foreach (var shard in _shards)
        {
            rows += Volatile.Read(ref shard.Rows);
        }

        return new DriftSnapshot
        {
            ModelName = ModelName,
            ModelVersion = ModelVersion,
            StartedUtc = StartedUtc,
            TakenUtc = DateTimeOffset.UtcNow,
            Arl0 = Options.Arl0,
            Rows = rows,
            Features = features,
            Alarms = Alarms,
            History = _history.Points(),
            Deployment = Deployment?.Events ?? Array.Empty<DeploymentEvent>(),
        };
    }

    private FeatureSnapshot SnapshotColumn(int i)
    {
        var column = _columns[i];
        var p = column.Numeric;
        var bins = p.Bins;
        var binCounts = new long[bins];
        var recent = new double[bins];
        long count = 0, missing = 0, outOfRange = 0, unseen = 0, alarms = 0;
        double sum = 0, sumSquares = 0, recentMean = 0, mean = 0, variance = 0, shape = 0;
        foreach (var shard in _shards)
        {
            shard.Enter();
            try
            {
                var s = shard.States[i];
                for (var b = 0; b < bins; b++)
                {
                    binCounts[b] += s.BinCount(b);
                    recent[b] += s.Count * s.Recent(b);
                }

                recentMean += s.Count * s.RecentMean;
                count += s.Count;
                missing += s.Missing;
                outOfRange += s.OutOfRange;
                unseen += s.Unseen;
                alarms += s.Alarms;
                sum += s.Sum;
                sumSquares += s.SumSquares;
                var (m, v, sh) = s.Normalized();
                mean = Math.Max(mean, m);
                variance = Math.Max(variance, v);
                shape = Math.Max(shape, sh);
            }
            finally
            {
                shard.Exit();
            }
        }

        for (var b = 0; b < bins; b++)
        {
            recent[b] = count > 0 ? recent[b] / count : p.P[b];
        }

        return new FeatureSnapshot
        {
            Name = column.Baseline.Name,
            Kind = column.Baseline.Kind,
            IsScore = i == ScoreIndex,
            Count = count,
            Missing = missing,
            OutOfRange = outOfRange,
            Unseen = unseen,
            Sum = sum,
            SumSquares = sumSquares,
            BaselineMean = column.Baseline.Mean,
            BaselineStdDev = Math.Sqrt(column.Baseline.Variance),
            RecentMean = count > 0 ? recentMean / count : column.Baseline.Mean,
            Bins = column.BinLabels,
            BaselineFrequencies = p.P,
            BinCounts = binCounts,
            RecentFrequencies = recent,
            MeanStatistic = mean,
            VarianceStatistic = variance,
            ShapeStatistic = shape,
            Alarms = alarms,
            Importance = _importance.Importance[i],
        };
    }

    /// <summary>Bytes of detector state per column per shard (the arrays and the state object), for capacity planning.</summary>
    /// <param name="feature">The column index.</param>
    /// <returns>The bytes.</returns>
    public int StateBytes(int feature) => _shards[0].States[feature].Bytes;

    /// <summary>Stops exporting this monitor's metrics.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            MonitoringTelemetry.Unregister(this);
        }
    }

    internal IReadOnlyList<Column> Columns => _columns;

    internal int[] Slots => _slots;

    internal Shard[] Shards => _shards;

    /// <summary>One monitored column: baseline, transform and detector constants, shared read-only by all shards.</summary>
    internal sealed class Column
    {
        public readonly FeatureBaseline Baseline;
        public readonly DetectorParameters Numeric;
        public readonly double[] GridX;
        public readonly double[] GridZ;
        public readonly double[] CellSlope;
        public readonly double SlopeLow, SlopeHigh, Min, Max;
        public readonly Dictionary<string, int>? CategoryIndex;
        public readonly HashSet<string>? KnownOther;
        public readonly int OtherBin;
        public readonly string[] BinLabels;
        public readonly int[] Buckets = Array.Empty<int>();
        public readonly double BucketScale;

        public Column(FeatureBaseline baseline, bool isScore, DriftMonitorOptions options, double eta, DetectorParameters numeric)
        {
            Baseline = baseline;
            if (baseline.Kind == FeatureKind.Categorical)
            {
                var count = baseline.Categories.Count;
                var p = new double[count + 1];
                // A floor so that a category the training data rarely (or never) had cannot divide by zero.
                var floor = 0.5 / Math.Max(1, baseline.Count);
                for (var i = 0; i < count; i++)
                {
                    p[i] = Math.Max(floor, baseline.Frequencies[i]);
                }

                p[count] = Math.Max(floor, baseline.OtherFrequency);
                var total = p.Sum();
                for (var i = 0; i < p.Length; i++)
                {
                    p[i] /= total;
                }

                Numeric = new DetectorParameters(options, eta, p, numeric: false);
                CategoryIndex = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < count; i++)
                {
                    CategoryIndex[baseline.Categories[i]] = i;
                }

                KnownOther = new HashSet<string>(baseline.OtherCategories, StringComparer.Ordinal);
                OtherBin = count;
                BinLabels = baseline.Categories.Append("(other)").ToArray();
                GridX = GridZ = CellSlope = Array.Empty<double>();
                return;
            }

            Numeric = numeric;
            GridX = baseline.GridX.ToArray();
            GridZ = baseline.GridZ.ToArray();
            Min = baseline.Min;
            Max = baseline.Max;
            var sd = Math.Sqrt(baseline.Variance);
            var fallback = 1 / Math.Max(sd, 1e-9 * Math.Max(1, Math.Abs(baseline.Mean)));
            CellSlope = new double[Math.Max(0, GridX.Length - 1)];
            for (var i = 0; i < CellSlope.Length; i++)
            {
                CellSlope[i] = (GridZ[i + 1] - GridZ[i]) / (GridX[i + 1] - GridX[i]);
            }

            if (GridX.Length >= 2)
            {
                // Bucket b covers [first + b / scale, first + (b + 1) / scale): its entry is the cell holding its start.
                const int buckets = 256;
                Buckets = new int[buckets + 1];
                BucketScale = buckets / (GridX[^1] - GridX[0]);
                var cell = 0;
                for (var b = 0; b <= buckets; b++)
                {
                    var start = GridX[0] + b / BucketScale;
                    while (cell < GridX.Length - 2 && GridX[cell + 1] <= start)
                    {
                        cell++;
                    }

                    Buckets[b] = cell;
                }
            }

            SlopeLow = CellSlope.Length > 0 ? CellSlope[0] : fallback;
            SlopeHigh = CellSlope.Length > 0 ? CellSlope[^1] : fallback;
            BinLabels = new string[DetectorParameters.NumericBins];
            for (var b = 0; b < BinLabels.Length - 1; b++)
            {
                BinLabels[b] = baseline.ValueAt(DetectorParameters.NumericBinEdge(b)).ToString("G6", CultureInfo.InvariantCulture);
            }

            BinLabels[^1] = "+inf";
        }

        /// <summary>The normal score of <paramref name="x"/> under the baseline (clamped to ±8), counting a value outside the baseline's range.</summary>
        public double ToScore(double x, ref long outOfRange)
        {
            if (x < Min || x > Max)
            {
                outOfRange++;
            }

            return GridScore(x);
        }

        /// <summary>
        /// The normal score of <paramref name="x"/> by the grid (clamped to ±8): linear between grid points, the outer
        /// slopes beyond. <see cref="ScoreTable"/> gives the same bits from a table; this is its reference and slow path.
        /// </summary>
        public double GridScore(double x)
        {
            var gx = GridX;
            double z;
            if (gx.Length == 0)
            {
                z = (x - Baseline.Mean) * SlopeLow;
            }
            else if (x <= gx[0])
            {
                z = GridZ[0] + (x - gx[0]) * SlopeLow;
            }
            else if (x >= gx[^1])
            {
                z = GridZ[^1] + (x - gx[^1]) * SlopeHigh;
            }
            else
            {
                // A bucket table over [first, last grid value] gives the first candidate cell; at most a step or two follows.
                // No bounds checks: gx[0] < x < gx[^1] here, so the bucket is in [0, 256] (257 entries), the cell in
                // [0, gx.Length − 2], and both walks stop inside the grid (gx[0] ≤ x, gx[^1] > x).
                ref var grid = ref MemoryMarshal.GetArrayDataReference(gx);
                nint lo = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Buckets), (int)((x - grid) * BucketScale));
                while (lo > 0 && Unsafe.Add(ref grid, lo) > x)
                {
                    lo--; // only when rounding put x just below its bucket's start
                }

                while (Unsafe.Add(ref grid, lo + 1) <= x)
                {
                    lo++;
                }

                z = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(GridZ), lo) + (x - Unsafe.Add(ref grid, lo)) * Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(CellSlope), lo);
            }

            return z < -8 ? -8 : z > 8 ? 8 : z;
        }
    }

    /// <summary>One shard: the detector state of every column, under a spin lock.</summary>
    internal sealed class Shard
    {
        public readonly int Index;
        public readonly DetectorLanes Numeric;  // every numeric column, laid out across columns
        public readonly ColumnState[] States;   // per column: its slot (numeric lanes, or its own categorical lanes)
        public long Rows;
        public int HistoryCountdown;
        public List<DriftAlarm>? Pending;
        public List<RaisedAlarm>? Raised;
        private int _lock;

        public Shard(int index, Column[] columns, int[] slots, DetectorParameters numeric, int[] numericFeatures, ScoreTable table, int historyEvery)
        {
            Index = index;
            Numeric = new DetectorLanes(numeric, numericFeatures, table, numericFeatures.Select(f => columns[f].Baseline.Mean).ToArray());
            States = new ColumnState[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                if (slots[i] >= 0)
                {
                    States[i] = new ColumnState(Numeric, slots[i]);
                }
                else
                {
                    var lanes = new DetectorLanes(columns[i].Numeric, [i], null, [columns[i].Baseline.Mean]);
                    States[i] = new ColumnState(lanes, 0);
                }
            }

            HistoryCountdown = Math.Max(1, historyEvery);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Enter()
        {
            if (Interlocked.CompareExchange(ref _lock, 1, 0) != 0)
            {
                EnterContended();
            }
        }

        private void EnterContended()
        {
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _lock) != 0 || Interlocked.CompareExchange(ref _lock, 1, 0) != 0)
            {
                spinner.SpinOnce();
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Exit() => Volatile.Write(ref _lock, 0);
    }

    /// <summary>What is known when a detector fires, before the row completes.</summary>
    internal readonly record struct RaisedAlarm(int Feature, int Detector, DateTimeOffset Utc, TimeSpan Elapsed, long Count, long OnsetAgo, double Magnitude, DriftDetector Strongest);

    /// <summary>A preallocated ring of history points: recording one allocates nothing.</summary>
    private sealed class History
    {
        private readonly long[] _ticks;
        private readonly long[] _rows;
        private readonly double[] _values;
        private readonly int _columns;
        private long _next;

        public History(int capacity, int columns)
        {
            capacity = Math.Max(1, capacity);
            _ticks = new long[capacity];
            _rows = new long[capacity];
            _values = new double[capacity * columns];
            _columns = columns;
        }

        public void Add(DriftMonitor monitor)
        {
            lock (this)
            {
                var slot = (int)(_next % _ticks.Length);
                _ticks[slot] = DateTimeOffset.UtcNow.UtcTicks;
                long rows = 0;
                for (var i = 0; i < _columns; i++)
                {
                    double max = 0;
                    foreach (var shard in monitor._shards)
                    {
                        // Read without the shard lock: a torn row only blurs one plotted point.
                        var (m, v, s) = shard.States[i].Normalized();
                        max = Math.Max(max, Math.Max(m, Math.Max(v, s)));
                    }

                    _values[slot * _columns + i] = max;
                }

                foreach (var shard in monitor._shards)
                {
                    rows += Volatile.Read(ref shard.Rows);
                }

                _rows[slot] = rows;
                _next++;
            }
        }

        public HistoryPoint[] Points()
        {
            lock (this)
            {
                var n = (int)Math.Min(_next, _ticks.Length);
                var points = new HistoryPoint[n];
                for (var k = 0; k < n; k++)
                {
                    var slot = (int)((_next - n + k) % _ticks.Length);
                    points[k] = new HistoryPoint(new DateTimeOffset(_ticks[slot], TimeSpan.Zero), _rows[slot], new ArraySegment<double>(_values, slot * _columns, _columns).ToArray());
                }

                return points;
            }
        }
    }
}

/// <summary>
/// One row being observed: holds the calling thread's shard until disposed. Use it in a <c>using</c> and do not keep it.
/// </summary>
public ref struct DriftRow
{
    private readonly DriftMonitor _monitor;
    private readonly int[] _slots;          // the monitor's column → numeric slot map
    private readonly DetectorLanes _lanes;  // the shard's numeric lanes (their row buffer)
    private DriftMonitor.Shard? _shard;

    internal DriftRow(DriftMonitor monitor, DriftMonitor.Shard shard)
    {
        _monitor = monitor;
        _slots = monitor.Slots;
        _lanes = shard.Numeric;
        _shard = shard;
    }

    /// <summary>
    /// Observes a numeric column (NaN counts as missing). The value is buffered; the detectors of all the row's numeric
    /// columns step together when the row is disposed (a second value of the same column in one row steps the row so
    /// far first, so both count).
    /// </summary>
    /// <param name="feature">The column index (<see cref="DriftMonitor.IndexOf"/>).</param>
    /// <param name="value">The value.</param>
    /// <exception cref="InvalidOperationException">The column's baseline is categorical.</exception>
    public void Numeric(int feature, double value)
    {
        // The common case inline: a numeric column without a value yet in this row of a row still open.
        var slots = _slots;
        if ((uint)feature < (uint)slots.Length && _shard is not null && slots[feature] is >= 0 and var slot && _lanes.Buffer(slot, value))
        {
            return;
        }

        _monitor.ObserveNumeric(_shard!, feature, value);
    }

    /// <summary>Observes a categorical column (null or empty counts as missing).</summary>
    /// <param name="feature">The column index.</param>
    /// <param name="value">The category.</param>
    /// <exception cref="InvalidOperationException">The column's baseline is numeric.</exception>
    public void Categorical(int feature, string? value) => _monitor.ObserveCategory(_shard!, feature, value);

    /// <summary>Observes the model's score.</summary>
    /// <param name="score">The score.</param>
    /// <exception cref="InvalidOperationException">The baseline has no score.</exception>
    public void Score(double score) => _monitor.ObserveNumeric(_shard!, _monitor.ScoreIndex >= 0 ? _monitor.ScoreIndex : throw new InvalidOperationException("the baseline has no score"), score);

    /// <summary>Completes the row: releases the shard and delivers alarms.</summary>
    public void Dispose()
    {
        if (_shard is { } shard)
        {
            _shard = null;
            _monitor.EndRow(shard);
        }
    }
}
