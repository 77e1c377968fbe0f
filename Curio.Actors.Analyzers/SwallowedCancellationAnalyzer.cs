namespace Curio.Actors.Analyzers;

/// <summary>
/// CURIO002: <c>catch</c>, <c>catch (Exception)</c> or <c>catch (OperationCanceledException)</c> around an await in a
/// Curio task, neither rethrowing nor looking at CancelledError, so a cancel or timeout meant for the task is lost.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SwallowedCancellationAnalyzer : CurioAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public SwallowedCancellationAnalyzer() : base(Rules.SwallowedCancellation) { }

    private protected override void Register(AnalysisContext context)
    {
        context.RegisterCompilationStartAction(start =>
        {
            var cancelled = start.Compilation.GetTypeByMetadataName("Curio.Actors.CancelledError");
            if (cancelled is null) return; // not a Curio.Actors user
            start.RegisterSyntaxNodeAction(c => Analyze(c, cancelled), SyntaxKind.CatchClause);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, INamedTypeSymbol cancelled)
    {
        var clause = (CatchClauseSyntax)context.Node;
        var model = context.SemanticModel;
        var ct = context.CancellationToken;
        if (clause.Parent is not TryStatementSyntax tryStatement) return;
        if (!Catches(clause, model, cancelled, ct)) return;
        // an earlier clause that takes CancelledError leaves none for this one
        foreach (var earlier in tryStatement.Catches.TakeWhile(c => c != clause))
            if (earlier.Filter is null && Catches(earlier, model, cancelled, ct)) return;
        if (!tryStatement.Block.DescendantNodes(n => !CurioCode.IsFunction(n)).OfType<AwaitExpressionSyntax>().Any()
            && !tryStatement.Block.DescendantNodes(n => !CurioCode.IsFunction(n)).Any(n => n is UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                or ForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                or LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }))
            return; // a cancellation lands only at a blocking call
        if (Rethrows(clause) || LooksAtCancelledError(clause, model, cancelled, ct)) return;
        if (!CurioCode.InTaskBody(clause, model, ct)) return;
        var shown = clause.Declaration is null ? "catch" : $"catch ({clause.Declaration.Type})";
        var where = clause.Declaration is null ? clause.CatchKeyword.GetLocation() : Location.Create(clause.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(clause.CatchKeyword.SpanStart, clause.Declaration.Span.End));
        context.ReportDiagnostic(Diagnostic.Create(Rules.SwallowedCancellation, where, shown));
    }

    /// <summary>True if the clause's type takes a CancelledError (a bare catch, or a base of CancelledError).</summary>
    private static bool Catches(CatchClauseSyntax clause, SemanticModel model, INamedTypeSymbol cancelled, System.Threading.CancellationToken ct)
    {
        if (clause.Declaration is null) return true;
        if (model.GetTypeInfo(clause.Declaration.Type, ct).Type is not INamedTypeSymbol caught) return false;
        for (ITypeSymbol? t = cancelled; t is not null; t = t.BaseType)
            if (SymbolEqualityComparer.Default.Equals(t, caught)) return true;
        return false;
    }

    private static bool Rethrows(CatchClauseSyntax clause) =>
        clause.Block.DescendantNodes(n => !CurioCode.IsFunction(n)).Any(n => n is ThrowStatementSyntax or ThrowExpressionSyntax);

    /// <summary>True if the filter or the block names CancelledError or one of its subclasses (an 'is' check, a filter).</summary>
    private static bool LooksAtCancelledError(CatchClauseSyntax clause, SemanticModel model, INamedTypeSymbol cancelled, System.Threading.CancellationToken ct)
    {
        var nodes = clause.Block.DescendantNodes();
        if (clause.Filter is not null) nodes = nodes.Concat(clause.Filter.DescendantNodes());
        foreach (var name in nodes.OfType<NameSyntax>())
        {
            if (model.GetSymbolInfo(name, ct).Symbol is not INamedTypeSymbol type) continue;
            for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
                if (SymbolEqualityComparer.Default.Equals(t, cancelled)) return true;
        }
        return false;
    }
}
