namespace Curio.Actors.Analyzers;

/// <summary>
/// CURIO001: a blocking call (Thread.Sleep, Task.Wait, .Result, GetAwaiter().GetResult(), synchronous socket or file
/// I/O, a thread's side of a Universal queue) inside a Curio task body, where it blocks the kernel.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallAnalyzer : CurioAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public BlockingCallAnalyzer() : base(Rules.BlockingCall) { }

    /// <summary>The advice property a diagnostic carries, for the code fix.</summary>
    internal const string FixKey = "fix";

    private protected override void Register(AnalysisContext context)
    {
        context.RegisterSyntaxNodeAction(AnalyzeInvocation, SyntaxKind.InvocationExpression);
        context.RegisterSyntaxNodeAction(AnalyzeMemberAccess, SyntaxKind.SimpleMemberAccessExpression);
    }

    private static void AnalyzeInvocation(SyntaxNodeAnalysisContext context)
    {
        var call = (InvocationExpressionSyntax)context.Node;
        if (context.SemanticModel.GetSymbolInfo(call, context.CancellationToken).Symbol is not IMethodSymbol method) return;
        if (BlockingCalls.Classify(method) is not { } advice) return;
        if (!CurioCode.InTaskBody(call, context.SemanticModel, context.CancellationToken)) return;
        var shown = method.Name == "GetResult" ? "GetAwaiter().GetResult()" : $"{method.ContainingType.Name}.{method.Name}";
        Report(context, call, shown, advice.Advice, advice.Fix);
    }

    private static void AnalyzeMemberAccess(SyntaxNodeAnalysisContext context)
    {
        var access = (MemberAccessExpressionSyntax)context.Node;
        if (access.Name.Identifier.Text != "Result") return;
        if (context.SemanticModel.GetSymbolInfo(access, context.CancellationToken).Symbol is not IPropertySymbol p || !BlockingCalls.IsTaskResult(p)) return;
        if (!CurioCode.InTaskBody(access, context.SemanticModel, context.CancellationToken)) return;
        Report(context, access, $"{p.ContainingType.Name}.Result", "await the task instead", BlockingCalls.Fix.Await);
    }

    private static void Report(SyntaxNodeAnalysisContext context, SyntaxNode node, string shown, string advice, BlockingCalls.Fix fix)
    {
        var props = ImmutableDictionary<string, string?>.Empty.Add(FixKey, fix.ToString());
        context.ReportDiagnostic(Diagnostic.Create(Rules.BlockingCall, node.GetLocation(), props, shown, advice));
    }
}
