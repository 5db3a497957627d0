using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlCodeGuard.Analyzers.Diagnostics;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlCodeGuard.CodeFixes;

/// <summary>
/// MLG4001: a private field <c>PredictionEngine&lt;TIn, TOut&gt; _engine = ml.Model.CreatePredictionEngine&lt;TIn, TOut&gt;(model)</c>
/// (or assigned once at the top level of a constructor) becomes a <c>ThreadLocal&lt;PredictionEngine&lt;TIn, TOut&gt;&gt;</c>
/// whose factory is the same creation expression, and every <c>_engine.Predict(...)</c> becomes
/// <c>_engine.Value!.Predict(...)</c>. Offered only when every other reference to the field is such a <c>Predict</c>
/// call in the same type and document, and the creation expression reads nothing that can change before a thread's
/// first prediction (readonly fields, constructor parameters and locals written once, literals).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SharedPredictionEngineCodeFixProvider)), Shared]
public sealed class SharedPredictionEngineCodeFixProvider : CodeFixProvider
{
    public const string ThreadLocalKey = DiagnosticIds.SharedPredictionEngine + ".ThreadLocal";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SharedPredictionEngine);

    // Every plan adds the same `using System.Threading;`: applying a document's plans together keeps one.
    public override FixAllProvider GetFixAllProvider() => DocumentFixAll.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan.For(root, model, diagnostic, context.CancellationToken) is not { } plan)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Keep one engine per thread in '{plan.Name}' (ThreadLocal)",
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(Apply(root, new[] { plan }))),
                    equivalenceKey: ThreadLocalKey),
                diagnostic);
        }
    }

    private static SyntaxNode Apply(SyntaxNode root, IReadOnlyCollection<Plan> plans)
    {
        var replacements = new Dictionary<SyntaxNode, System.Func<SyntaxNode, SyntaxNode>>();
        foreach (var plan in plans)
        {
            var threadLocal = ParseTypeName($"ThreadLocal<{plan.EngineType.WithoutTrivia()}>");
            var factory = ParseExpression($"new ThreadLocal<{plan.EngineType.WithoutTrivia()}>(() => {plan.Creation.WithoutTrivia()})");
            var engineType = plan.EngineType;

            replacements[plan.Field] = rewritten =>
            {
                var field = (FieldDeclarationSyntax)rewritten;
                var declaration = field.Declaration.WithType(threadLocal.WithTriviaFrom(engineType));
                if (plan.Assignment is null)
                {
                    var variable = declaration.Variables[0];
                    declaration = declaration.WithVariables(SingletonSeparatedList(
                        variable.WithInitializer(variable.Initializer!.WithValue(factory.WithTriviaFrom(variable.Initializer.Value)))));
                }

                return field.WithDeclaration(declaration);
            };

            if (plan.Assignment is { } assignment)
            {
                replacements[assignment] = rewritten =>
                {
                    var current = (AssignmentExpressionSyntax)rewritten;
                    return current.WithRight(factory.WithTriviaFrom(current.Right));
                };
            }

            foreach (var (use, bang) in plan.Uses)
            {
                replacements[use] = rewritten =>
                {
                    ExpressionSyntax value = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, ((ExpressionSyntax)rewritten).WithoutTrivia(), IdentifierName("Value"));
                    if (bang)
                    {
                        value = PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, value);
                    }

                    return value.WithTriviaFrom(rewritten);
                };
            }
        }

        var result = root.ReplaceNodes(replacements.Keys, (original, rewritten) => replacements[original](rewritten));
        if (plans.Any(p => p.NeedsUsing) && result is CompilationUnitSyntax unit
            && !unit.Usings.Any(u => u.Alias is null && u.StaticKeyword.RawKind == 0 && u.Name?.ToString() == "System.Threading"))
        {
            var newLine = unit.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } endOfLine ? endOfLine : CarriageReturnLineFeed;
            var directive = UsingDirective(ParseName("System.Threading")).NormalizeWhitespace().WithTrailingTrivia(newLine);
            result = unit.WithUsings(InsertSorted(unit.Usings, directive));
        }

        return result;
    }

    /// <summary>Inserts after the last <c>System*</c> using that sorts before it, else first.</summary>
    private static SyntaxList<UsingDirectiveSyntax> InsertSorted(SyntaxList<UsingDirectiveSyntax> usings, UsingDirectiveSyntax directive)
    {
        var index = 0;
        for (var i = 0; i < usings.Count; i++)
        {
            var name = usings[i].Name?.ToString() ?? string.Empty;
            if (usings[i].Alias is null && usings[i].StaticKeyword.RawKind == 0
                && (name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal))
                && string.CompareOrdinal(name, "System.Threading") < 0)
            {
                index = i + 1;
            }
        }

        if (index == 0 && usings.Count > 0)
        {
            directive = directive.WithLeadingTrivia(usings[0].GetLeadingTrivia());
            usings = usings.Replace(usings[0], usings[0].WithoutLeadingTrivia());
        }

        return usings.Insert(index, directive);
    }

    /// <summary>What the fix rewrites for one field, computed only when every precondition holds.</summary>
    private sealed class Plan
    {
        private Plan(string name, FieldDeclarationSyntax field, TypeSyntax engineType, ExpressionSyntax creation, AssignmentExpressionSyntax? assignment, IReadOnlyList<(ExpressionSyntax Use, bool Bang)> uses, bool needsUsing)
        {
            Name = name;
            Field = field;
            EngineType = engineType;
            Creation = creation;
            Assignment = assignment;
            Uses = uses;
            NeedsUsing = needsUsing;
        }

        public string Name { get; }

        public FieldDeclarationSyntax Field { get; }

        public TypeSyntax EngineType { get; }

        /// <summary>The <c>CreatePredictionEngine</c> call that becomes the factory.</summary>
        public ExpressionSyntax Creation { get; }

        /// <summary>The constructor's <c>_engine = ...</c>, or null when the field has an initializer.</summary>
        public AssignmentExpressionSyntax? Assignment { get; }

        /// <summary>
        /// The field references that are the receiver of a <c>Predict</c> call, and whether nullable warnings are on
        /// there (so <c>.Value</c> gets <c>!</c>).
        /// </summary>
        public IReadOnlyList<(ExpressionSyntax Use, bool Bang)> Uses { get; }

        public bool NeedsUsing { get; }

        public static Plan? For(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Location.IsInSource || diagnostic.Location.SourceTree != root.SyntaxTree
                || root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } declaration } variable
                || variable.Identifier.Span != diagnostic.Location.SourceSpan
                || declaration.Type is NullableTypeSyntax
                || model.GetDeclaredSymbol(variable, cancellationToken) is not IFieldSymbol symbol
                || symbol.DeclaredAccessibility != Accessibility.Private
                || symbol.ContainingType is not { TypeKind: TypeKind.Class } type
                || !IsPredictionEngine(symbol.Type)
                || type.DeclaringSyntaxReferences.Any(r => r.SyntaxTree != root.SyntaxTree))
            {
                return null;
            }

            var bodies = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).ToList();
            AssignmentExpressionSyntax? assignment = null;
            var uses = new List<(ExpressionSyntax, bool)>();
            foreach (var name in bodies.SelectMany(b => b.DescendantNodes()).OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != symbol.Name
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol?.OriginalDefinition, symbol))
                {
                    continue;
                }

                if (name.Parent is MemberBindingExpressionSyntax)
                {
                    return null; // x?._engine
                }

                ExpressionSyntax reference = name.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == name ? qualified : name;
                if (reference.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Predict", Parent: InvocationExpressionSyntax predict } call
                    && call.Expression == reference && predict.Expression == call)
                {
                    uses.Add((reference, (model.GetNullableContext(reference.SpanStart) & NullableContext.WarningsEnabled) != 0));
                }
                else if (assignment is null && variable.Initializer is null && ConstructorAssignment(model, symbol, reference, cancellationToken) is { } found)
                {
                    assignment = found;
                }
                else
                {
                    return null; // passed out, written elsewhere, disposed, taken by ref, nameof...
                }
            }

            var creation = assignment?.Right ?? variable.Initializer?.Value;
            if (creation is null
                || !SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(creation, cancellationToken).Type, symbol.Type)
                || model.GetOperation(creation, cancellationToken) is not IInvocationOperation { TargetMethod.Name: "CreatePredictionEngine" } invocation
                || !InMlNamespace(invocation.TargetMethod.ContainingType)
                || !IsStable(invocation, assignment is null ? null : model.GetEnclosingSymbol(assignment.SpanStart, cancellationToken), model, cancellationToken))
            {
                return null;
            }

            var lookup = model.LookupNamespacesAndTypes(field.SpanStart, name: "ThreadLocal");
            if (lookup.Any(s => s is INamedTypeSymbol t && t.ToDisplayString() != "System.Threading.ThreadLocal<T>"))
            {
                return null; // another ThreadLocal is in scope
            }

            return new Plan(symbol.Name, field, declaration.Type, creation, assignment, uses, needsUsing: lookup.IsEmpty);
        }

        private static bool IsPredictionEngine(ITypeSymbol type)
            => type is INamedTypeSymbol { Name: "PredictionEngine", Arity: 2 } named && InMlNamespace(named);

        private static bool InMlNamespace(ISymbol? symbol)
        {
            var ns = symbol?.ContainingNamespace?.ToDisplayString();
            return ns is not null && (ns == "Microsoft.ML" || ns.StartsWith("Microsoft.ML.", System.StringComparison.Ordinal));
        }

        /// <summary>
        /// <paramref name="reference"/> as the target of <c>_engine = ...;</c>, a statement at the top level of a
        /// constructor of the field's own kind (static or instance) on this instance; otherwise null.
        /// </summary>
        private static AssignmentExpressionSyntax? ConstructorAssignment(SemanticModel model, IFieldSymbol field, ExpressionSyntax reference, CancellationToken cancellationToken)
        {
            if (reference.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment || assignment.Left != reference
                || assignment.Parent switch
                {
                    ExpressionStatementSyntax { Parent: BlockSyntax { Parent: ConstructorDeclarationSyntax } } => false,
                    ArrowExpressionClauseSyntax { Parent: ConstructorDeclarationSyntax } => false,
                    _ => true,
                }
                || assignment.FirstAncestorOrSelf<ConstructorDeclarationSyntax>() is not { } constructor
                || model.GetDeclaredSymbol(constructor, cancellationToken) is not IMethodSymbol method
                || method.IsStatic != field.IsStatic
                || !SymbolEqualityComparer.Default.Equals(method.ContainingType, field.ContainingType)
                || model.GetOperation(reference, cancellationToken) is not IFieldReferenceOperation operation
                || (!field.IsStatic && operation.Instance is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }))
            {
                return null;
            }

            return assignment;
        }

        /// <summary>
        /// Whether deferring <paramref name="creation"/> to each thread's first prediction yields the same engine: it
        /// reads only readonly fields, constants, literals, ML.NET catalog properties and, in a constructor, parameters
        /// and locals that are never written after their declaration. A nested call (a <c>Model.Load</c>) would run
        /// once per thread, so it is not accepted.
        /// </summary>
        private static bool IsStable(IInvocationOperation creation, ISymbol? constructor, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var operation in creation.Descendants())
            {
                switch (operation)
                {
                    case IArgumentOperation { ArgumentKind: not ArgumentKind.ParamArray, Parameter.RefKind: RefKind.None }:
                    case IConversionOperation { IsImplicit: true }:
                    case ILiteralOperation:
                    case IDefaultValueOperation:
                    case IInstanceReferenceOperation:
                    case IObjectOrCollectionInitializerOperation:
                    case IFieldReferenceOperation { Field.IsReadOnly: true } or IFieldReferenceOperation { Field.IsConst: true }:
                        continue;
                    case IPropertyReferenceOperation property when InMlNamespace(property.Property.ContainingType) && property.Arguments.IsEmpty:
                        continue;
                    case IObjectCreationOperation created when InMlNamespace(created.Type):
                        continue;
                    case ISimpleAssignmentOperation { Parent: IObjectOrCollectionInitializerOperation }:
                        continue;
                    case IMemberReferenceOperation { Parent: ISimpleAssignmentOperation { Parent: IObjectOrCollectionInitializerOperation } set } member when set.Target == member:
                        continue; // new PredictionEngineOptions { OwnsTransformer = false }
                    case IParameterReferenceOperation parameter
                        when parameter.Parameter.RefKind == RefKind.None && constructor is not null
                             && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, constructor)
                             && !WrittenIn(constructor, parameter.Parameter, model, cancellationToken):
                        continue;
                    case ILocalReferenceOperation local
                        when !local.Local.IsRef && constructor is not null
                             && SymbolEqualityComparer.Default.Equals(local.Local.ContainingSymbol, constructor)
                             && local.Local.DeclaringSyntaxReferences.Length == 1
                             && local.Local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: not null, Parent.Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } }
                             && !WrittenIn(constructor, local.Local, model, cancellationToken):
                        continue;
                    default:
                        return false;
                }
            }

            return true;
        }

        /// <summary>Whether <paramref name="variable"/> is assigned, incremented or passed by ref anywhere in the constructor.</summary>
        private static bool WrittenIn(ISymbol constructor, ISymbol variable, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                var body = model.GetOperation(reference.GetSyntax(cancellationToken), cancellationToken);
                if (body is null)
                {
                    return true;
                }

                foreach (var operation in body.Descendants())
                {
                    var target = operation switch
                    {
                        IAssignmentOperation assignment => assignment.Target,
                        IIncrementOrDecrementOperation increment => increment.Target,
                        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                        _ => null,
                    };

                    var written = target switch
                    {
                        ILocalReferenceOperation local => local.Local,
                        IParameterReferenceOperation parameter => (ISymbol)parameter.Parameter,
                        _ => null,
                    };

                    if (SymbolEqualityComparer.Default.Equals(written, variable))
                    {
                        return true;
                    }

                    if (target is IDeclarationExpressionOperation or ITupleOperation && target.Descendants().Any(d => d is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, variable)
                        || d is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter, variable)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>Applies every plan of a document in one rewrite.</summary>
    private sealed class DocumentFixAll : DocumentBasedFixAllProvider
    {
        public static readonly DocumentFixAll Instance = new();

        protected override string GetFixAllTitle(FixAllContext fixAllContext) => "Keep one engine per thread (ThreadLocal)";

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            var root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var plans = diagnostics
                .Select(d => Plan.For(root, model, d, fixAllContext.CancellationToken))
                .Where(p => p is not null)
                .Select(p => p!)
                .GroupBy(p => p.Field)
                .Select(g => g.First())
                .ToList();
            return plans.Count == 0 ? document : document.WithSyntaxRoot(Apply(root, plans));
        }
    }
}
