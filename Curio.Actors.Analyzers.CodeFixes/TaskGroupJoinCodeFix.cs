namespace Curio.Actors.Analyzers;

/// <summary>Fix for CURIO005: <c>await g.JoinAsync();</c> at the end of the group's scope (before a final return).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TaskGroupJoinCodeFix)), Shared]
public sealed class TaskGroupJoinCodeFix : CurioCodeFix
{
    /// <summary>Creates the code fix.</summary>
    public TaskGroupJoinCodeFix() : base(Rules.GroupNotJoined) { }

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var variable = root?.FindToken(context.Diagnostics[0].Location.SourceSpan.Start).Parent as VariableDeclaratorSyntax;
        if (variable is null) return;
        var scope = variable.Parent?.Parent switch
        {
            LocalDeclarationStatementSyntax { Parent: BlockSyntax b } => b,
            UsingStatementSyntax { Statement: BlockSyntax b } => b,
            _ => null,
        };
        if (scope is null) return;
        var name = variable.Identifier.Text;
        var title = $"Join the group: 'await {name}.JoinAsync();'";
        var doc = context.Document;
        context.RegisterCodeFix(CodeAction.Create(title, ct =>
        {
            var join = SyntaxFactory.ParseStatement($"await {name}.JoinAsync();")
                .WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(SyntaxFactory.ElasticLineFeed);
            var statements = scope.Statements;
            var at = statements.Count > 0 && statements.Last() is ReturnStatementSyntax or ThrowStatementSyntax ? statements.Count - 1 : statements.Count;
            return FixHelpers.Replace(doc, scope, scope.WithStatements(statements.Insert(at, join)), ct);
        }, equivalenceKey: title), context.Diagnostics[0]);
    }
}
