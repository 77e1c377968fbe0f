namespace Curio.Actors.Analyzers;

/// <summary>
/// CURIO004: a block lambda given to Spawn, TimeoutAfter or IgnoreAfter whose last statement awaits a value and drops
/// it (<c>async () =&gt; { await Compute(); }</c>), so the task's result or the timeout's value is lost.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DiscardedResultAnalyzer : CurioAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public DiscardedResultAnalyzer() : base(Rules.DiscardedResult) { }

    // Curio operations whose value is what the caller wants; the others' (Sleep's time, SendAsync's count) are
    // routinely dropped.
    private static readonly ImmutableHashSet<string> s_valueOperations = ImmutableHashSet.Create(
        "JoinAsync", "RunInThread", "RunInProcess", "RecvAsync", "RecvFromAsync", "ReadAsync", "ReadExactlyAsync",
        "ReadLineAsync", "ReadLinesAsync", "ReadAllAsync", "GetAsync", "NextResultAsync", "UnwrapAsync", "CheckOutput",
        "TimeoutAfter", "IgnoreAfter", "ReceiveAsync", "Ask", "CommunicateAsync");

    private protected override void Register(AnalysisContext context)
    {
        context.RegisterSyntaxNodeAction(Analyze, SyntaxKind.ParenthesizedLambdaExpression, SyntaxKind.SimpleLambdaExpression, SyntaxKind.AnonymousMethodExpression);
    }

    /// <summary>The statement that drops the value, if the lambda is one this rule is about.</summary>
    internal static ExpressionStatementSyntax? DroppingStatement(AnonymousFunctionExpressionSyntax lambda) =>
        lambda is { AsyncKeyword.RawKind: (int)SyntaxKind.AsyncKeyword, Block.Statements: { Count: > 0 } statements }
        && statements.Last() is ExpressionStatementSyntax { Expression: AwaitExpressionSyntax } last
        && !lambda.Block.DescendantNodes(n => !CurioCode.IsFunction(n)).OfType<ReturnStatementSyntax>().Any()
            ? last
            : null;

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var lambda = (AnonymousFunctionExpressionSyntax)context.Node;
        if (DroppingStatement(lambda) is not { } last) return;
        if (lambda.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }) return;
        var model = context.SemanticModel;
        var ct = context.CancellationToken;
        if (model.GetSymbolInfo(call, ct).Symbol is not IMethodSymbol target || !CurioCode.IsCurio(target)) return;
        if (target.Name is not ("Spawn" or "TimeoutAfter" or "IgnoreAfter" or "SpawnTask")) return;
        var awaited = ((AwaitExpressionSyntax)last.Expression).Expression;
        var resultType = model.GetTypeInfo(last.Expression, ct).Type;
        if (resultType is null || resultType.SpecialType == SpecialType.System_Void || resultType.TypeKind == TypeKind.Error) return;
        var source = model.GetSymbolInfo(awaited, ct).Symbol;
        if (CurioCode.IsCurio(source) && !s_valueOperations.Contains(source!.Name)) return;
        var shown = awaited is InvocationExpressionSyntax inv ? inv.Expression.ToString() : awaited.ToString();
        context.ReportDiagnostic(Diagnostic.Create(Rules.DiscardedResult, last.GetLocation(),
            shown, resultType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), target.Name));
    }
}
