using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Corpus.Sentiment;

public class Review
{
    public string Text { get; set; } = "";
    public bool Label { get; set; }
}

public class ReviewPrediction
{
    [ColumnName("PredictedLabel")] public bool Positive { get; set; }
    public float Probability { get; set; }
    public float Score { get; set; }
}

public sealed class SentimentTrainer
{
    private readonly MLContext _ml;

    public SentimentTrainer(int? seed) => _ml = seed is null ? new MLContext() : new MLContext(seed.Value);

    public ITransformer Train(IEnumerable<Review> reviews)
    {
        var data = _ml.Data.LoadFromEnumerable(reviews);
        var folds = _ml.Data.CrossValidationSplit(data, numberOfFolds: 3);
        ITransformer? best = null;
        foreach (var fold in folds)
        {
            var pipeline = _ml.Transforms.Text.FeaturizeText("Features", nameof(Review.Text))
                .Append(_ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { Deterministic = true, NumberOfThreads = 1 }));
            best = pipeline.Fit(fold.TrainSet);
            var metrics = _ml.BinaryClassification.Evaluate(best.Transform(fold.TestSet));
            Console.WriteLine(metrics.AreaUnderRocCurve);
        }

        return best!;
    }

    public static ReviewPrediction Score(ITransformer model, Review review)
    {
        var ml = new MLContext();
        using var engine = ml.Model.CreatePredictionEngine<Review, ReviewPrediction>(model);
        return engine.Predict(review);
    }
}
