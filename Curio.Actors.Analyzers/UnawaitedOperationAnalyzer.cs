namespace Curio.Actors.Analyzers;

/// <summary>CURIO003: a call of one of Curio's operations whose ValueTask or Task is dropped on the floor.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnawaitedOperationAnalyzer : CurioAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public UnawaitedOperationAnalyzer() : base(Rules.NotAwaited) { }

    private protected override void Register(AnalysisContext context)
    {
        context.RegisterSyntaxNodeAction(Analyze, SyntaxKind.ExpressionStatement);
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var statement = (ExpressionStatementSyntax)context.Node;
        var call = statement.Expression as InvocationExpressionSyntax;
        if (call is null && statement.Expression is ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax inner }) call = inner;
        if (call is null) return;
        if (context.SemanticModel.GetSymbolInfo(call, context.CancellationToken).Symbol is not IMethodSymbol method || !CurioCode.IsCurio(method)) return;
        var returned = method.ReturnType.OriginalDefinition.ToDisplayString();
        var kind = returned switch
        {
            "System.Threading.Tasks.ValueTask" or "System.Threading.Tasks.ValueTask<TResult>" => "ValueTask",
            "System.Threading.Tasks.Task" or "System.Threading.Tasks.Task<TResult>" => "Task",
            _ => null,
        };
        if (kind is null) return;
        context.ReportDiagnostic(Diagnostic.Create(Rules.NotAwaited, statement.Expression.GetLocation(), method.Name, kind));
    }
}
