using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>
/// Builds a <see cref="MonitoringBaseline"/> at training time: from an <see cref="IDataView"/> (and the model, for the
/// score) with <see cref="FromDataView(IDataView, ITransformer?, IReadOnlyCollection{string}?, int)"/>, or value by value.
/// </summary>
/// <example><code>
/// var baseline = BaselineBuilder.FromDataView(trainingData, model);
/// baseline.AddTo(packageOptions);                       // goes into the manifest
/// ModelPackage.Save(mlContext, model, trainingData.Schema, path, packageOptions);
/// </code></example>
public sealed class BaselineBuilder
{
    private readonly List<Column> _columns = new();
    private Column? _score;
    private long _rows;

    /// <summary>Creates a builder.</summary>
    /// <param name="maxCategories">Categories kept per categorical column (the rest is "other"). Default 32.</param>
    /// <param name="sketchK">Items per level of each quantile sketch. Default 512.</param>
    public BaselineBuilder(int maxCategories = 32, int sketchK = 512)
    {
        MaxCategories = maxCategories > 0 ? maxCategories : throw new ArgumentOutOfRangeException(nameof(maxCategories));
        SketchK = sketchK;
    }

    /// <summary>Categories kept per categorical column.</summary>
    public int MaxCategories { get; }

    /// <summary>Items per level of each quantile sketch.</summary>
    public int SketchK { get; }

    /// <summary>Declares a numeric column.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>Its index for <see cref="Add(int, double)"/>.</returns>
    public int AddNumeric(string name) => AddColumn(name, FeatureKind.Numeric);

    /// <summary>Declares a categorical column.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>Its index for <see cref="Add(int, string)"/>.</returns>
    public int AddCategorical(string name) => AddColumn(name, FeatureKind.Categorical);

    private int AddColumn(string name, FeatureKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_columns.Any(c => c.Name == name))
        {
            throw new ArgumentException($"column '{name}' is declared twice", nameof(name));
        }

        _columns.Add(new Column(name, kind, SketchK));
        return _columns.Count - 1;
    }

    /// <summary>Adds one value of a numeric column (NaN counts as missing).</summary>
    /// <param name="column">The column index.</param>
    /// <param name="value">The value.</param>
    public void Add(int column, double value) => _columns[column].Add(value);

    /// <summary>Adds one value of a categorical column (null or empty counts as missing).</summary>
    /// <param name="column">The column index.</param>
    /// <param name="value">The category.</param>
    public void Add(int column, string? value) => _columns[column].Add(value);

    /// <summary>Adds one score of the model.</summary>
    /// <param name="score">The score.</param>
    public void AddScore(double score) => (_score ??= new Column("Score", FeatureKind.Numeric, SketchK)).Add(score);

    /// <summary>Counts one row (for <see cref="MonitoringBaseline.RowCount"/>).</summary>
    public void EndRow() => _rows++;

    /// <summary>The baseline of everything added.</summary>
    /// <returns>The baseline.</returns>
    public MonitoringBaseline Build() => new()
    {
        RowCount = _rows,
        Features = _columns.Select(c => c.Build(MaxCategories)).ToArray(),
        Score = _score?.Build(MaxCategories),
    };

    /// <summary>
    /// Summarizes the scalar columns of <paramref name="data"/>: numbers (<c>Single</c>, <c>Double</c>, integers,
    /// <c>Boolean</c> as 0/1) as numeric columns, text and keys as categorical; vector and hidden columns are skipped.
    /// With a <paramref name="model"/>, its <c>Score</c> column on the same rows becomes the score baseline.
    /// </summary>
    /// <param name="data">The training data.</param>
    /// <param name="model">The trained model, or <see langword="null"/>.</param>
    /// <param name="columns">Only these columns, or all scalar ones when <see langword="null"/>.</param>
    /// <param name="maxCategories">Categories kept per categorical column.</param>
    /// <returns>The baseline.</returns>
    public static MonitoringBaseline FromDataView(IDataView data, ITransformer? model = null, IReadOnlyCollection<string>? columns = null, int maxCategories = 32) =>
        FromDataView(data, model, columns, categorical: null, maxCategories);

    /// <summary>
    /// Like <see cref="FromDataView(IDataView, ITransformer?, IReadOnlyCollection{string}?, int)"/>, with numeric columns
    /// that take a few discrete values (a passenger count, a star rating) summarized as categories: the normal-score
    /// detectors of a continuous column would see a few point masses, never the shape they expect, and alarm within
    /// tens of rows. The values become categories in invariant culture (<c>2</c>, <c>1.5</c>), the form
    /// <see cref="DriftObserver{TIn, TOut}.ForMembers"/> writes for a numeric member of a categorical column.
    /// </summary>
    /// <param name="data">The training data.</param>
    /// <param name="model">The trained model, or <see langword="null"/>.</param>
    /// <param name="columns">Only these columns, or all scalar ones when <see langword="null"/>.</param>
    /// <param name="categorical">Numeric columns to summarize as categories, or <see langword="null"/>.</param>
    /// <param name="maxCategories">Categories kept per categorical column.</param>
    /// <returns>The baseline.</returns>
    public static MonitoringBaseline FromDataView(IDataView data, ITransformer? model, IReadOnlyCollection<string>? columns, IReadOnlyCollection<string>? categorical, int maxCategories = 32)
    {
        ArgumentNullException.ThrowIfNull(data);
        var builder = new BaselineBuilder(maxCategories);
        var readers = new List<Action>();
        var selected = new List<DataViewSchema.Column>();
        foreach (var column in data.Schema)
        {
            if (column.IsHidden || column.Type is VectorDataViewType || (columns is not null && !columns.Contains(column.Name)))
            {
                continue;
            }

            if (IsNumeric(column.Type) || column.Type is TextDataViewType || column.Type is KeyDataViewType)
            {
                selected.Add(column);
            }
        }

        using (var cursor = data.GetRowCursor(selected))
        {
            foreach (var column in selected)
            {
                readers.Add(categorical is not null && categorical.Contains(column.Name) && IsNumeric(column.Type)
                    ? DiscreteReader(builder, cursor, column)
                    : MakeReader(builder, cursor, column));
            }

            while (cursor.MoveNext())
            {
                foreach (var read in readers)
                {
                    read();
                }

                builder.EndRow();
            }
        }

        if (model is not null)
        {
            var scored = model.Transform(data);
            var score = scored.Schema.GetColumnOrNull("Score");
            if (score is { } s && s.Type == NumberDataViewType.Single)
            {
                using var cursor = scored.GetRowCursor(new[] { s });
                var getter = cursor.GetGetter<float>(s);
                float value = 0;
                while (cursor.MoveNext())
                {
                    getter(ref value);
                    builder.AddScore(value);
                }
            }
        }

        return builder.Build();
    }

    private static bool IsNumeric(DataViewType type) =>
        type is NumberDataViewType || type is BooleanDataViewType;

    private static Action MakeReader(BaselineBuilder builder, DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var raw = column.Type.RawType;
        if (column.Type is TextDataViewType)
        {
            var index = builder.AddCategorical(column.Name);
            var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> value = default;
            return () =>
            {
                getter(ref value);
                builder.Add(index, value.ToString());
            };
        }

        if (column.Type is KeyDataViewType)
        {
            var index = builder.AddCategorical(column.Name);
            return KeyReader(builder, index, cursor, column, raw);
        }

        var numeric = builder.AddNumeric(column.Name);
        return raw switch
        {
            _ when raw == typeof(float) => Numeric<float>(cursor, column, v => builder.Add(numeric, v)),
            _ when raw == typeof(double) => Numeric<double>(cursor, column, v => builder.Add(numeric, v)),
            _ when raw == typeof(int) => Numeric<int>(cursor, column, v => builder.Add(numeric, v)),
            _ when raw == typeof(long) => Numeric<long>(cursor, column, v => builder.Add(numeric, v)),
            _ when raw == typeof(short) => Numeric<short>(cursor, column, v => builder.Add(numeric, v)),
            _ when raw == typeof(sbyte) => Numeric<sbyte>(cursor, column, v => builder.Add(numeric, v)),
            _ when raw == typeof(uint) => Numeric<uint>(cursor, column, v => builder.Add(numeric, v)),
            _ when raw == typeof(ulong) => Numeric<ulong>(cursor, column, v => builder.Add(numeric, v)),
            _ when raw == typeof(ushort) => Numeric<ushort>(cursor, column, v => builder.Add(numeric, v)),
            _ when raw == typeof(byte) => Numeric<byte>(cursor, column, v => builder.Add(numeric, v)),
            _ when raw == typeof(bool) => Numeric<bool>(cursor, column, v => builder.Add(numeric, v ? 1 : 0)),
            _ => throw new NotSupportedException($"column '{column.Name}' of type {column.Type} is not supported"),
        };
    }

    private static Action DiscreteReader(BaselineBuilder builder, DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var index = builder.AddCategorical(column.Name);
        var raw = column.Type.RawType;
        var read = typeof(BaselineBuilder).GetMethod(nameof(Formatted), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(raw);
        return (Action)read.Invoke(null, new object[] { builder, index, cursor, column })!;
    }

    // A number as the category ForMembers writes for it: invariant culture, NaN missing.
    private static Action Formatted<T>(BaselineBuilder builder, int index, DataViewRowCursor cursor, DataViewSchema.Column column)
        where T : IFormattable
    {
        return Numeric<T>(cursor, column, v => builder.Add(index, v is float f && float.IsNaN(f) || v is double d && double.IsNaN(d)
            ? null
            : v.ToString(null, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static Action Numeric<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Action<T> add)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            add(value);
        };
    }

    private static Action KeyReader(BaselineBuilder builder, int index, DataViewRowCursor cursor, DataViewSchema.Column column, Type raw)
    {
        // Key 0 is ML.NET's missing value.
        if (raw == typeof(uint))
        {
            return Numeric<uint>(cursor, column, v => builder.Add(index, v == 0 ? null : v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (raw == typeof(ulong))
        {
            return Numeric<ulong>(cursor, column, v => builder.Add(index, v == 0 ? null : v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (raw == typeof(ushort))
        {
            return Numeric<ushort>(cursor, column, v => builder.Add(index, v == 0 ? null : v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return Numeric<byte>(cursor, column, v => builder.Add(index, v == 0 ? null : v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private sealed class Column
    {
        // Up to this many values are kept, so the grid comes from exact quantiles; the sketch (kept too, for merging
        // baselines) takes over beyond it.
        private const int ExactLimit = 1_000_000;
        private readonly QuantileSketch? _sketch;
        private List<double>? _values = new();
        private readonly Dictionary<string, long>? _categories;
        private long _count, _missing;
        private double _mean, _m2;

        public Column(string name, FeatureKind kind, int sketchK)
        {
            Name = name;
            Kind = kind;
            if (kind == FeatureKind.Numeric)
            {
                _sketch = new QuantileSketch(sketchK);
            }
            else
            {
                _categories = new Dictionary<string, long>(StringComparer.Ordinal);
            }
        }

        public string Name { get; }

        public FeatureKind Kind { get; }

        public void Add(double value)
        {
            if (_sketch is null)
            {
                throw new InvalidOperationException($"column '{Name}' is categorical");
            }

            if (double.IsNaN(value))
            {
                _missing++;
                return;
            }

            // Welford: stable for large offsets.
            _count++;
            var delta = value - _mean;
            _mean += delta / _count;
            _m2 += delta * (value - _mean);
            _sketch.Add(value);
            if (_values is not null)
            {
                _values = _values.Count < ExactLimit ? _values : null;
                _values?.Add(value);
            }
        }

        public void Add(string? value)
        {
            if (_categories is null)
            {
                throw new InvalidOperationException($"column '{Name}' is numeric");
            }

            if (string.IsNullOrEmpty(value))
            {
                _missing++;
                return;
            }

            _count++;
            _categories[value] = _categories.TryGetValue(value, out var n) ? n + 1 : 1;
        }

        public FeatureBaseline Build(int maxCategories)
        {
            if (_categories is not null)
            {
                var top = _categories.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(maxCategories).ToArray();
                var total = Math.Max(1, _count);
                return new FeatureBaseline
                {
                    Name = Name,
                    Kind = Kind,
                    Count = _count,
                    Missing = _missing,
                    Categories = top.Select(p => p.Key).ToArray(),
                    Frequencies = top.Select(p => (double)p.Value / total).ToArray(),
                    OtherCategories = _categories.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Skip(maxCategories).Take(1000).Select(p => p.Key).ToArray(),
                    OtherFrequency = (double)(_count - top.Sum(p => p.Value)) / total,
                };
            }

            var (gridZ, gridX) = NormalScoreGrid.Build(_sketch!, _values, _count);
            return new FeatureBaseline
            {
                Name = Name,
                Kind = Kind,
                Count = _count,
                Missing = _missing,
                Mean = _mean,
                Variance = _count > 1 ? _m2 / (_count - 1) : 0,
                Min = _count > 0 ? _sketch!.Min : 0,
                Max = _count > 0 ? _sketch!.Max : 0,
                GridZ = gridZ,
                GridX = gridX,
                Sketch = _sketch!.ToState(),
            };
        }
    }
}

/// <summary>The quantile grid behind the normal-score transform.</summary>
internal static class NormalScoreGrid
{
    /// <summary>Grid step in normal-score units.</summary>
    public const double Step = 0.25;

    /// <summary>
    /// Quantiles at Φ(z) for z on a 0.25 grid, as far into the tails as the data supports (at least 10 values beyond
    /// the last point, at most ±3.5); equal quantiles (ties) collapse into one point at their mean normal score. With
    /// the exact values (up to a million), the tails beyond continue on the same grid to the smallest and largest value,
    /// each at its plotting position Φ⁻¹(0.5 / n) and Φ⁻¹(1 − 0.5 / n): a small baseline of a bounded or skewed column
    /// then maps its own tails to the normal tails, where the slope of the last core cell, extended, would put too much
    /// of them just past the core and none further out (a shape alarm every thousand in-distribution rows for 200
    /// uniform values).
    /// </summary>
    public static (double[] Z, double[] X) Build(QuantileSketch sketch, List<double>? exact, long count)
    {
        if (count == 0)
        {
            return (Array.Empty<double>(), Array.Empty<double>());
        }

        var zMax = Math.Min(3.5, NormalMath.Quantile(1 - Math.Min(0.25, 10.0 / count)));
        zMax = Math.Max(0, Math.Floor(zMax / Step) * Step);
        var points = (int)Math.Round(2 * zMax / Step) + 1;
        var zs = new double[points];
        var ps = new double[points];
        for (var i = 0; i < points; i++)
        {
            zs[i] = -zMax + i * Step;
            ps[i] = NormalMath.Cdf(zs[i]);
        }

        double[] xs;
        if (exact is { Count: > 0 })
        {
            exact.Sort();
            xs = new double[points];
            for (var i = 0; i < points; i++)
            {
                // The sample quantile with linear interpolation between order statistics (type 7).
                var h = (exact.Count - 1) * ps[i];
                var lo = (int)Math.Floor(h);
                var hi = Math.Min(lo + 1, exact.Count - 1);
                xs[i] = exact[lo] + (h - lo) * (exact[hi] - exact[lo]);
            }

            (zs, xs) = ExtendTails(zs, xs, exact, zMax);
            points = zs.Length;
        }
        else
        {
            xs = sketch.Quantiles(ps);
        }

        var outZ = new List<double>();
        var outX = new List<double>();
        for (var i = 0; i < points;)
        {
            var j = i;
            while (j + 1 < points && xs[j + 1] <= xs[i])
            {
                j++;
            }

            outZ.Add((zs[i] + zs[j]) / 2);
            outX.Add(xs[i]);
            i = j + 1;
        }

        return (outZ.ToArray(), outX.ToArray());
    }

    /// <summary>
    /// Grid points beyond ±<paramref name="zMax"/> from the sorted values, with Hazen plotting positions (the k-th of n
    /// values at (k + 0.5) / n): on the 0.25 grid out to the extreme values' positions, then the extremes themselves.
    /// </summary>
    private static (double[] Z, double[] X) ExtendTails(double[] zs, double[] xs, List<double> sorted, double zMax)
    {
        var n = sorted.Count;
        var zEnd = Math.Min(3.5, NormalMath.Quantile(1 - 0.5 / n));
        if (n < 2 || zEnd <= zMax + 1e-9)
        {
            return (zs, xs);
        }

        double At(double p)
        {
            var h = Math.Clamp(n * p - 0.5, 0, n - 1);
            var lo = (int)Math.Floor(h);
            var hi = Math.Min(lo + 1, n - 1);
            return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        }

        var tail = new List<double>();
        for (var z = zMax + Step; z < zEnd - 1e-9; z += Step)
        {
            tail.Add(z);
        }

        tail.Add(zEnd);
        var z2 = new List<double>();
        var x2 = new List<double>();
        for (var i = tail.Count - 1; i >= 0; i--)
        {
            z2.Add(-tail[i]);
            x2.Add(At(NormalMath.Cdf(-tail[i])));
        }

        z2.AddRange(zs);
        x2.AddRange(xs);
        foreach (var z in tail)
        {
            z2.Add(z);
            x2.Add(At(NormalMath.Cdf(z)));
        }

        // The tails' plotting positions and the core's type-7 quantiles can disagree by a fraction of a value where they
        // meet: keep the grid non-decreasing.
        for (var i = 1; i < x2.Count; i++)
        {
            x2[i] = Math.Max(x2[i], x2[i - 1]);
        }

        return (z2.ToArray(), x2.ToArray());
    }
}
