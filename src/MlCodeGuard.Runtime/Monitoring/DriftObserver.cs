using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.ML.Data;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>Writes one prediction's monitored values into a row (generated code or a hand-written lambda).</summary>
/// <typeparam name="TIn">The input type.</typeparam>
/// <typeparam name="TOut">The output type.</typeparam>
/// <param name="row">The row to write to.</param>
/// <param name="input">The input.</param>
/// <param name="output">The output.</param>
public delegate void DriftRowWriter<TIn, TOut>(ref DriftRow row, TIn input, TOut output);

/// <summary>
/// Feeds every prediction a <see cref="ModelHost{TIn, TOut}"/> serves into a <see cref="DriftMonitor"/>: add it to
/// <see cref="ModelHostOptions{TIn, TOut}.Observers"/>.
/// </summary>
/// <typeparam name="TIn">The input type.</typeparam>
/// <typeparam name="TOut">The output type.</typeparam>
public sealed class DriftObserver<TIn, TOut> : IPredictionObserver<TIn, TOut>
{
    private readonly DriftRowWriter<TIn, TOut> _write;

    /// <summary>Creates an observer that writes rows with <paramref name="write"/>.</summary>
    /// <param name="monitor">The monitor.</param>
    /// <param name="write">Writes the monitored values of one prediction.</param>
    public DriftObserver(DriftMonitor monitor, DriftRowWriter<TIn, TOut> write)
    {
        Monitor = monitor ?? throw new ArgumentNullException(nameof(monitor));
        _write = write ?? throw new ArgumentNullException(nameof(write));
    }

    /// <summary>The monitor.</summary>
    public DriftMonitor Monitor { get; }

    /// <summary>
    /// An observer that reads each monitored column from the public property or field of <typeparamref name="TIn"/>
    /// with that column name (<c>[ColumnName]</c> respected, as ML.NET maps it), and the score from <typeparamref name="TOut"/>'s
    /// <c>Score</c>. Getters are compiled once; observing allocates nothing. A numeric member of a column the baseline
    /// summarizes as categories (a discrete count) is written as its invariant-culture text, taken from the baseline's
    /// own category strings (only a value the baseline never had is formatted anew).
    /// </summary>
    /// <param name="monitor">The monitor.</param>
    /// <returns>The observer.</returns>
    /// <exception cref="ArgumentException">A monitored column has no readable member of a supported type.</exception>
    public static DriftObserver<TIn, TOut> ForMembers(DriftMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        var numeric = new List<(int Index, Func<TIn, double> Get)>();
        var categorical = new List<(int Index, Func<TIn, string?> Get)>();
        for (var i = 0; i < monitor.FeatureNames.Count; i++)
        {
            if (i == monitor.ScoreIndex)
            {
                continue;
            }

            var name = monitor.FeatureNames[i];
            var member = FindMember(typeof(TIn), name)
                ?? throw new ArgumentException($"monitored column '{name}' has no public property or field on {typeof(TIn).Name}", nameof(monitor));
            var parameter = Expression.Parameter(typeof(TIn), "input");
            var access = Expression.MakeMemberAccess(parameter, member);
            if (access.Type == typeof(string))
            {
                categorical.Add((i, Expression.Lambda<Func<TIn, string?>>(access, parameter).Compile()));
            }
            else if (monitor.Baseline.Columns()[i].Kind == FeatureKind.Categorical && access.Type.IsPrimitive && typeof(IFormattable).IsAssignableFrom(access.Type))
            {
                categorical.Add((i, DiscreteCategory(monitor.Baseline.Columns()[i], Expression.Lambda<Func<TIn, double>>(Expression.Convert(access, typeof(double)), parameter).Compile(),
                    Expression.Lambda<Func<TIn, string>>(Expression.Call(Expression.Convert(access, typeof(IFormattable)), typeof(IFormattable).GetMethod(nameof(IFormattable.ToString))!,
                        Expression.Constant(null, typeof(string)), Expression.Constant(CultureInfo.InvariantCulture, typeof(IFormatProvider))), parameter).Compile())));
            }
            else if (access.Type == typeof(bool))
            {
                numeric.Add((i, Expression.Lambda<Func<TIn, double>>(Expression.Condition(access, Expression.Constant(1.0), Expression.Constant(0.0)), parameter).Compile()));
            }
            else if (access.Type.IsPrimitive)
            {
                numeric.Add((i, Expression.Lambda<Func<TIn, double>>(Expression.Convert(access, typeof(double)), parameter).Compile()));
            }
            else
            {
                throw new ArgumentException($"monitored column '{name}' is a {access.Type.Name} on {typeof(TIn).Name}: only numbers, bool and string are monitored", nameof(monitor));
            }
        }

        Func<TOut, double>? score = null;
        if (monitor.ScoreIndex >= 0 && FindMember(typeof(TOut), "Score") is { } scoreMember)
        {
            var parameter = Expression.Parameter(typeof(TOut), "output");
            score = Expression.Lambda<Func<TOut, double>>(Expression.Convert(Expression.MakeMemberAccess(parameter, scoreMember), typeof(double)), parameter).Compile();
        }

        var numericArray = numeric.ToArray();
        var categoricalArray = categorical.ToArray();
        return new DriftObserver<TIn, TOut>(monitor, (ref DriftRow row, TIn input, TOut output) =>
        {
            foreach (var (index, get) in numericArray)
            {
                row.Numeric(index, get(input));
            }

            foreach (var (index, get) in categoricalArray)
            {
                row.Categorical(index, get(input));
            }

            if (score is not null)
            {
                row.Score(score(output));
            }
        });
    }

    private static Func<TIn, string?> DiscreteCategory(FeatureBaseline baseline, Func<TIn, double> value, Func<TIn, string> format)
    {
        // The baseline's category strings by value: a known value costs a lookup, no allocation.
        var known = new Dictionary<double, string>();
        foreach (var category in baseline.Categories.Concat(baseline.OtherCategories))
        {
            if (double.TryParse(category, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                known.TryAdd(v, category);
            }
        }

        return input =>
        {
            var v = value(input);
            return double.IsNaN(v) ? null : known.TryGetValue(v, out var category) ? category : format(input);
        };
    }

    private static MemberInfo? FindMember(Type type, string column)
    {
        // ML.NET's own mapping of members to columns ([ColumnName], [NoColumn]).
        string? memberName = null;
        try
        {
            memberName = SchemaDefinition.Create(type, SchemaDefinition.Direction.Both).FirstOrDefault(c => c.ColumnName == column)?.MemberName;
        }
        catch (InvalidOperationException)
        {
            // A type ML.NET cannot map as a whole (an unsupported member elsewhere): fall back to the member name.
        }

        memberName ??= column;
        return (MemberInfo?)type.GetProperty(memberName, BindingFlags.Public | BindingFlags.Instance) ?? type.GetField(memberName, BindingFlags.Public | BindingFlags.Instance);
    }

    /// <inheritdoc/>
    public void OnPrediction(in TIn input, in TOut output)
    {
        var row = Monitor.BeginRow();
        try
        {
            _write(ref row, input, output);
        }
        finally
        {
            row.Dispose();
        }
    }
}
