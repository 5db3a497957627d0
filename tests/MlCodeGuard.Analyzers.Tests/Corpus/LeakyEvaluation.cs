using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Corpus.Leakage;

public class CustomerRow
{
    [LoadColumn(0)] public string CustomerId { get; set; } = "";
    [LoadColumn(1)] public float Tenure { get; set; }
    [LoadColumn(2)] public float MonthlyCharges { get; set; }
    [LoadColumn(3)] public string Contract { get; set; } = "";
    [LoadColumn(4)] public bool Churned { get; set; }
}

public static class Program
{
    public static void Main(string[] args)
    {
        var ml = new MLContext(seed: 7);
        IDataView data = ml.Data.LoadFromTextFile<CustomerRow>(args[0], hasHeader: true, separatorChar: ',');
        data = ml.Data.Cache(data);

        // Preprocessing fitted on every row, then split: the normalizer has seen the test rows.
        var prep = ml.Transforms.Categorical.OneHotEncoding("ContractEncoded", nameof(CustomerRow.Contract))
            .Append(ml.Transforms.Concatenate("Features", "ContractEncoded", nameof(CustomerRow.Tenure), nameof(CustomerRow.MonthlyCharges)))
            .Append(ml.Transforms.NormalizeMinMax("Features"));
        var prepModel = prep.Fit(data);
        var prepared = prepModel.Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 7);

        var trainer = ml.BinaryClassification.Trainers.FastTree(labelColumnName: nameof(CustomerRow.Churned));
        var model = trainer.Fit(split.TrainSet);

        // Scored on the rows it learned from.
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TrainSet), nameof(CustomerRow.Churned));
        Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:0.###}");

        var importance = ml.BinaryClassification.PermutationFeatureImportance(model, split.TrainSet, nameof(CustomerRow.Churned), permutationCount: 2);
        Console.WriteLine(importance.Count());

        var (train, test) = (split.TrainSet, split.TestSet);
        var honest = trainer.Fit(train);
        Console.WriteLine(ml.BinaryClassification.Evaluate(honest.Transform(test), nameof(CustomerRow.Churned)).Accuracy);
    }
}
