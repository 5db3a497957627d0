using Microsoft.CodeAnalysis.Testing;
using MlCodeGuard.Analyzers.Diagnostics;
using Xunit;
using V = MlCodeGuard.Analyzers.Tests.Verifiers.ContractVerify<MlCodeGuard.Analyzers.Rules.MlModelTypeMustBePartialAnalyzer>;

namespace MlCodeGuard.Analyzers.Tests.Rules;

public class MlModelTypeMustBePartialAnalyzerTests
{
    private static DiagnosticResult NotCompletable(string name, string problem)
        => new DiagnosticResult(Descriptors.MlModelTypeMustBePartial).WithLocation(0).WithArguments(name, problem);

    [Fact]
    public Task Class_without_partial_is_reported_on_its_name()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            [MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip")]
            public sealed class {|#0:TaxiFareModel|} { }
            """, ContractFixtures.Files(), NotCompletable("TaxiFareModel", "is not partial"));

    [Fact]
    public Task Generic_class_is_reported()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            [MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip")]
            public partial class {|#0:TaxiFareModel|}<T> { }
            """, ContractFixtures.Files(), NotCompletable("TaxiFareModel", "is generic"));

    [Fact]
    public Task Static_class_is_reported()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            [MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip")]
            public static partial class {|#0:TaxiFareModel|} { }
            """, ContractFixtures.Files(), NotCompletable("TaxiFareModel", "is static"));

    [Fact]
    public Task Class_nested_in_a_non_partial_type_is_reported()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            public static class Models
            {
                [MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip")]
                public partial class {|#0:TaxiFare|} { }
            }
            """, ContractFixtures.Files(), NotCompletable("TaxiFare", "is nested in 'Models', which is not partial"));

    [Fact]
    public Task Partial_classes_top_level_nested_and_split_are_fine()
        => V.AnalyzerAsync(ContractFixtures.Types + """
            [MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip")]
            public partial class TaxiFareModel;

            public static partial class Models
            {
                [MlModel<TaxiTrip, FarePrediction>("models/taxi-fare.zip")]
                internal sealed partial class TaxiFare { }
            }

            // A second declaration without 'partial' is a compiler error (CS0260), not this rule's business.
            public partial class Split { }
            public partial class Split { public int X; }

            public class NotAModel { }
            """, ContractFixtures.Files());
}
