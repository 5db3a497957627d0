using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlCodeGuard.Runtime.Monitoring;

/// <summary>
/// The normal-score transform of a monitor's numeric columns (see <see cref="DriftMonitor.Column.GridScore"/>) as
/// tables built once at baseline load, shared read-only by every shard. Each column's grid range is cut into 1,024
/// equal buckets; a bucket names the grid cell its start falls in, and a cell's 4 values (start, score, slope, next grid
/// value) sit in one aligned 32-byte entry, so a value that falls in its bucket's cell costs two small lookups and one
/// multiply-add (4 KiB of bucket indices and about 1 KiB of cells per column). Only a value past a grid point inside
/// its bucket (about 1% of normal values), or outside the grid, takes the grid walk. The same cell and the same
/// arithmetic as the grid walk, so the same bits (a test checks it).
/// </summary>
internal sealed class ScoreTable
{
    public const int Buckets = 1024;

    /// <summary>Per slot, padded to whole blocks of 4: the first and last grid value (NaN for a column without a table or a padding slot) and buckets per unit.</summary>
    public readonly double[] First, Last, BucketScale;

    /// <summary>Per slot: the index in <see cref="Cells"/> of its bucket 0 (Buckets + 1 entries).</summary>
    public readonly int[] Base;

    /// <summary>Per bucket of every column: the index of its cell's entry in <see cref="Table"/> (a multiple of 4).</summary>
    public readonly int[] Cells;

    /// <summary>
    /// Per grid cell of every column, from <see cref="Offset"/> on: cell start, cell score, cell slope, next grid value.
    /// Pinned, and offset so that every entry is 32-byte aligned (one cache line per load).
    /// </summary>
    public readonly double[] Table;

    /// <summary>The index of the first entry in <see cref="Table"/>.</summary>
    public readonly int Offset;

    /// <summary>Per slot: the column (the grid walk, min and max).</summary>
    public readonly DriftMonitor.Column?[] Columns;

    public ScoreTable(DriftMonitor.Column[] columns, int padded)
    {
        First = new double[padded];
        Last = new double[padded];
        BucketScale = new double[padded];
        Base = new int[padded];
        Columns = new DriftMonitor.Column?[padded];
        var cells = 0;
        var withTable = 0;
        foreach (var column in columns)
        {
            if (column.GridX.Length >= 2)
            {
                withTable++;
                cells += column.GridX.Length - 1;
            }
        }

        Cells = new int[Math.Max(1, withTable) * (Buckets + 1)];
        Table = GC.AllocateArray<double>(4 * Math.Max(1, cells) + 4, pinned: true);
        unsafe
        {
            // Pinned: the address does not move, so the offset keeps the entries aligned for the table's lifetime.
            var address = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Table));
            Offset = (int)((32 - address % 32) % 32 / 8);
        }

        int nextBucket = 0, nextCell = Offset;
        for (var j = 0; j < padded; j++)
        {
            First[j] = Last[j] = double.NaN;
            if (j >= columns.Length)
            {
                continue;
            }

            var column = Columns[j] = columns[j];
            var gx = column.GridX;
            if (gx.Length < 2)
            {
                continue;
            }

            First[j] = gx[0];
            Last[j] = gx[^1];
            BucketScale[j] = Buckets / (gx[^1] - gx[0]);
            Base[j] = nextBucket;
            for (var c = 0; c < gx.Length - 1; c++)
            {
                Table[nextCell + 4 * c] = gx[c];
                Table[nextCell + 4 * c + 1] = column.GridZ[c];
                Table[nextCell + 4 * c + 2] = column.CellSlope[c];
                Table[nextCell + 4 * c + 3] = gx[c + 1];
            }

            // Bucket b covers [first + b / scale, first + (b + 1) / scale): its entry is the cell holding its start.
            var cell = 0;
            for (var b = 0; b <= Buckets; b++)
            {
                var bucketStart = gx[0] + b / BucketScale[j];
                while (cell < gx.Length - 2 && gx[cell + 1] <= bucketStart)
                {
                    cell++;
                }

                Cells[nextBucket + b] = nextCell + 4 * cell;
            }

            nextBucket += Buckets + 1;
            nextCell += 4 * (gx.Length - 1);
        }
    }

    /// <summary>The normal score of <paramref name="x"/> (not NaN) in slot <paramref name="j"/>, clamped to ±8: exactly <see cref="DriftMonitor.Column.GridScore"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Score(int j, double x)
    {
        var first = First[j];
        if (x > first && x < Last[j])
        {
            // First < x < Last: the bucket is in [0, Buckets], inside the column's Buckets + 1 entries.
            var bucket = Base[j] + (int)((x - first) * BucketScale[j]);
            ref var entry = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Table), Cells[bucket]);
            var start = entry;
            if (x >= start && x < Unsafe.Add(ref entry, 3))
            {
                var z = Unsafe.Add(ref entry, 1) + (x - start) * Unsafe.Add(ref entry, 2);
                return z < -8 ? -8 : z > 8 ? 8 : z;
            }
        }

        return Columns[j]!.GridScore(x);
    }
}
