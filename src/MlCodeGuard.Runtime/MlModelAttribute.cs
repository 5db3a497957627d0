using System;

namespace MlCodeGuard.Runtime;

/// <summary>
/// Declares a typed model: on a <see langword="partial"/> class, the <c>MlCodeGuard</c> source generator emits a
/// loader and a prediction API over <see cref="ModelHost{TIn, TOut}"/> for the model package at <see cref="Path"/>.
/// </summary>
/// <typeparam name="TIn">The C# input type the model is fed with.</typeparam>
/// <typeparam name="TOut">The C# output type the model's predictions are read into.</typeparam>
/// <remarks>
/// <code>
/// [MlModel&lt;TaxiTrip, FarePrediction&gt;("models/taxi-fare.zip", Version = "1.0.0")]
/// public partial class TaxiFareModel;
///
/// using var model = TaxiFareModel.Load();          // verified against the manifest, pooled, observable
/// FarePrediction fare = model.Predict(trip);
/// </code>
/// Add the package and its manifest to the project's <c>AdditionalFiles</c> so that the compiler checks the contract
/// (MLG5001–MLG5004): the class is partial, the model file exists, the manifest's schema matches
/// <typeparamref name="TIn"/> and <typeparamref name="TOut"/>, and the versions are valid and agree.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MlModelAttribute<TIn, TOut> : Attribute
    where TIn : class
    where TOut : class, new()
{
    /// <summary>Declares the model stored at <paramref name="path"/>.</summary>
    /// <param name="path">
    /// The model package (the zip <see cref="Packaging.ModelPackage.Save"/> writes), relative to the project directory
    /// at compile time and to <see cref="AppContext.BaseDirectory"/> at run time (copy it to the output directory).
    /// </param>
    public MlModelAttribute(string path) => Path = path;

    /// <summary>The model package path given to the constructor.</summary>
    public string Path { get; }

    /// <summary>
    /// The Semantic Versioning 2.0 version of the model the code is written against, or <see langword="null"/> for any.
    /// At start-up the generated loader refuses another version; a reload may bring a version of the same major
    /// version (a compatible contract), never another major version.
    /// </summary>
    public string? Version { get; set; }
}
