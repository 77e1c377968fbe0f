namespace Curio.Actors.Analyzers;

/// <summary>Fix for CURIO004: <c>await Compute();</c> as the lambda's last statement becomes <c>return await Compute();</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DiscardedResultCodeFix)), Shared]
public sealed class DiscardedResultCodeFix : CurioCodeFix
{
    /// <summary>Creates the code fix.</summary>
    public DiscardedResultCodeFix() : base(Rules.DiscardedResult) { }

    private const string Title = "Return the awaited value";

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Diagnostics[0].Location.SourceSpan) is not ExpressionStatementSyntax last) return;
        var doc = context.Document;
        context.RegisterCodeFix(CodeAction.Create(Title, ct =>
        {
            var ret = SyntaxFactory.ReturnStatement(last.Expression.WithoutLeadingTrivia()).WithTriviaFrom(last);
            return FixHelpers.Replace(doc, last, ret, ct);
        }, equivalenceKey: Title), context.Diagnostics[0]);
    }
}
