namespace Curio.Actors.Analyzers;

/// <summary>
/// Fixes for CURIO001: <c>Thread.Sleep(x)</c> becomes <c>await Sleep(x)</c>, a wait on a task becomes <c>await</c>, a
/// Universal primitive's thread form becomes its async form, and any other blocking call can move to RunInThread.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingCallCodeFix)), Shared]
public sealed class BlockingCallCodeFix : CurioCodeFix
{
    /// <summary>Creates the code fix.</summary>
    public BlockingCallCodeFix() : base(Rules.BlockingCall) { }

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var diagnostic = context.Diagnostics[0];
        var node = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: false);
        if (node is not ExpressionSyntax expr || CurioCode.EnclosingFunction(expr) is not { } function || !CurioCode.IsAsync(function)) return;
        if (!diagnostic.Properties.TryGetValue(BlockingCallAnalyzer.FixKey, out var fixName)) return;
        var doc = context.Document;
        switch (fixName)
        {
            case nameof(BlockingCalls.Fix.Sleep) when expr is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } sleep:
                Register(context, "Use 'await Sleep(...)'", ct => SleepInstead(doc, sleep, ct));
                break;
            case nameof(BlockingCalls.Fix.Await) when Awaited(expr) is { } task:
                Register(context, "Await the task", ct => FixHelpers.Replace(doc, expr, FixHelpers.Await(task, expr), ct));
                break;
            case nameof(BlockingCalls.Fix.AsyncTwin) when expr is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax m } call:
                var twin = call.WithExpression(m.WithName(SyntaxFactory.IdentifierName(m.Name.Identifier.Text + "Async")));
                Register(context, $"Use 'await {m.Name.Identifier.Text}Async(...)'", ct => FixHelpers.Replace(doc, expr, FixHelpers.Await(twin, expr), ct));
                break;
        }
        if (fixName == nameof(BlockingCalls.Fix.RunInThread) && expr is InvocationExpressionSyntax plain && plain.ArgumentList.Arguments.All(a => a.RefKindKeyword.IsKind(SyntaxKind.None)))
            Register(context, "Run it in a thread with 'await RunInThread(...)'", ct => InThread(doc, plain, ct));
    }

    private static void Register(CodeFixContext context, string title, System.Func<CancellationToken, Task<Document>> fix) =>
        context.RegisterCodeFix(CodeAction.Create(title, fix, equivalenceKey: title), context.Diagnostics[0]);

    /// <summary>The task under <c>t.Wait()</c>, <c>t.Result</c> or <c>t.GetAwaiter().GetResult()</c>.</summary>
    private static ExpressionSyntax? Awaited(ExpressionSyntax expr) => expr switch
    {
        MemberAccessExpressionSyntax { Name.Identifier.Text: "Result" } r => r.Expression,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "GetResult", Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "GetAwaiter" } getAwaiter } } } => getAwaiter.Expression,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "Wait" } w, ArgumentList.Arguments.Count: 0 } => w.Expression,
        _ => null,
    };

    private static async Task<Document> SleepInstead(Document doc, InvocationExpressionSyntax sleep, CancellationToken ct)
    {
        var model = await doc.GetSemanticModelAsync(ct).ConfigureAwait(false);
        var arg = sleep.ArgumentList.Arguments[0].Expression;
        var isSpan = model?.GetTypeInfo(arg, ct).Type?.Name == nameof(System.TimeSpan);
        var delay = isSpan
            ? arg.WithoutTrivia()
            : SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseTypeName("global::System.TimeSpan").WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation),
                    SyntaxFactory.IdentifierName(nameof(System.TimeSpan.FromMilliseconds))),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(arg.WithoutTrivia()))));
        var call = SyntaxFactory.InvocationExpression(FixHelpers.Curio("Async.Sleep"),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(delay))));
        return await FixHelpers.Replace(doc, sleep, FixHelpers.Await(call, sleep), ct).ConfigureAwait(false);
    }

    private static Task<Document> InThread(Document doc, InvocationExpressionSyntax call, CancellationToken ct)
    {
        var lambda = SyntaxFactory.ParenthesizedLambdaExpression(call.WithoutTrivia());
        var run = SyntaxFactory.InvocationExpression(FixHelpers.Curio("Async.RunInThread"),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(lambda))));
        return FixHelpers.Replace(doc, call, FixHelpers.Await(run, call), ct);
    }
}
