namespace Curio.Actors.Analyzers;

/// <summary>Fix for CURIO002: a <c>catch (CancelledError) { throw; }</c> clause before the one that swallowed it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SwallowedCancellationCodeFix)), Shared]
public sealed class SwallowedCancellationCodeFix : CurioCodeFix
{
    /// <summary>Creates the code fix.</summary>
    public SwallowedCancellationCodeFix() : base(Rules.SwallowedCancellation) { }

    private const string Title = "Let CancelledError through: add 'catch (CancelledError) { throw; }'";

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var clause = root?.FindToken(context.Diagnostics[0].Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<CatchClauseSyntax>().FirstOrDefault();
        if (clause?.Parent is not TryStatementSyntax tryStatement) return;
        var doc = context.Document;
        context.RegisterCodeFix(CodeAction.Create(Title, ct =>
        {
            var rethrow = SyntaxFactory.CatchClause(
                SyntaxFactory.CatchDeclaration(SyntaxFactory.ParseTypeName("global::Curio.Actors.CancelledError")
                    .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation)),
                null,
                SyntaxFactory.Block(SyntaxFactory.ThrowStatement()));
            var catches = tryStatement.Catches.Insert(tryStatement.Catches.IndexOf(clause), rethrow);
            return FixHelpers.Replace(doc, tryStatement, tryStatement.WithCatches(catches), ct);
        }, equivalenceKey: Title), context.Diagnostics[0]);
    }
}
