using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

public class Transaction
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float Hour { get; set; }
    [LoadColumn(2)] public bool Label { get; set; }
}

public class FraudModelSelection
{
    public void Compare(MLContext ml, IDataView transactions)
    {
        var split = ml.Data.TrainTestSplit(transactions, testFraction: 0.2, seed: 3);
        var fastTree = Fit(ml, ml.BinaryClassification.Trainers.FastTree(), split.TrainSet);
        var lightGbm = Fit(ml, ml.BinaryClassification.Trainers.LightGbm(), split.TrainSet);

        var treeAuc = Auc(ml, fastTree, split.TestSet);
        var gbmAuc = Auc(ml, lightGbm, split.TestSet); // expect: MLG2004
        Console.WriteLine(treeAuc > gbmAuc ? "FastTree wins" : "LightGbm wins");
    }

    private static ITransformer Fit(MLContext ml, IEstimator<ITransformer> trainer, IDataView train)
        => ml.Transforms.Concatenate("Features", nameof(Transaction.Amount), nameof(Transaction.Hour))
            .Append(trainer)
            .Fit(train);

    private static double Auc(MLContext ml, ITransformer model, IDataView test)
        => ml.BinaryClassification.Evaluate(model.Transform(test)).AreaUnderRocCurve;
}
