using Microsoft.ML;
using Microsoft.ML.Data;

MLContext ml = new();
var data = ml.Data.LoadFromTextFile<House>("houses.csv", hasHeader: true, separatorChar: ',');
var shuffled = ml.Data.ShuffleRows(data);
var boot = ml.Data.BootstrapSample(shuffled, seed: null);
var model = ml.Regression.Trainers.FastForest(labelColumnName: "Price", numberOfTrees: 100).Fit(boot);
var local = Helper(ml);
System.Console.WriteLine(model.GetOutputSchema(data.Schema).Count + local.Count);

static DataViewSchema Helper(MLContext context)
{
    var split = context.Data.TrainTestSplit(context.Data.LoadFromTextFile<House>("x.csv"));
    return split.TestSet.Schema;
}

public class House
{
    [LoadColumn(0)] public float Size { get; set; }
    [LoadColumn(1)] public float Price { get; set; }
    [LoadColumn(2, 4), VectorType(3)] public float[] Extra { get; set; } = new float[3];
}
