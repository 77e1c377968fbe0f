namespace Curio.Actors.Analyzers;

/// <summary>
/// CURIO005: <c>await using var g = new TaskGroup()</c> (or an <c>await using (...)</c> block) whose scope never
/// calls <c>g.JoinAsync()</c>: leaving it by the normal path cancels the tasks still running.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TaskGroupJoinAnalyzer : CurioAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public TaskGroupJoinAnalyzer() : base(Rules.GroupNotJoined) { }

    private protected override void Register(AnalysisContext context)
    {
        context.RegisterSyntaxNodeAction(AnalyzeDeclaration, SyntaxKind.LocalDeclarationStatement);
        context.RegisterSyntaxNodeAction(AnalyzeUsing, SyntaxKind.UsingStatement);
    }

    private static void AnalyzeDeclaration(SyntaxNodeAnalysisContext context)
    {
        var statement = (LocalDeclarationStatementSyntax)context.Node;
        if (!statement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword) || !statement.UsingKeyword.IsKind(SyntaxKind.UsingKeyword)) return;
        if (statement.Parent is not BlockSyntax scope) return;
        Check(context, statement.Declaration, scope);
    }

    private static void AnalyzeUsing(SyntaxNodeAnalysisContext context)
    {
        var statement = (UsingStatementSyntax)context.Node;
        if (!statement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword) || statement.Declaration is null) return;
        Check(context, statement.Declaration, statement.Statement);
    }

    private static void Check(SyntaxNodeAnalysisContext context, VariableDeclarationSyntax declaration, SyntaxNode scope)
    {
        var model = context.SemanticModel;
        var ct = context.CancellationToken;
        foreach (var variable in declaration.Variables)
        {
            if (model.GetDeclaredSymbol(variable, ct) is not ILocalSymbol local || !IsTaskGroup(local.Type)) continue;
            if (HandledIn(scope, local, model, ct)) continue;
            context.ReportDiagnostic(Diagnostic.Create(Rules.GroupNotJoined, variable.Identifier.GetLocation(), local.Name));
        }
    }

    private static bool IsTaskGroup(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "TaskGroup" } named && CurioCode.IsCurio(named);

    /// <summary>
    /// True if the scope joins the group, cancels its remaining tasks on purpose, iterates it to its end, or lets it
    /// go elsewhere (an argument, a return, an assignment), where this rule cannot follow it.
    /// </summary>
    private static bool HandledIn(SyntaxNode scope, ILocalSymbol group, SemanticModel model, System.Threading.CancellationToken ct)
    {
        foreach (var id in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (id.Identifier.Text != group.Name || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id, ct).Symbol, group)) continue;
            switch (id.Parent)
            {
                case MemberAccessExpressionSyntax { Name.Identifier.Text: "JoinAsync" or "CancelRemainingAsync" } m when m.Expression == id:
                case ForEachStatementSyntax f when f.Expression == id:
                case ArgumentSyntax or ReturnStatementSyntax or AssignmentExpressionSyntax or EqualsValueClauseSyntax:
                    return true;
            }
        }
        return false;
    }
}
