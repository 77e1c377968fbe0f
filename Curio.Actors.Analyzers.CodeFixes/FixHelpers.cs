using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Curio.Actors.Analyzers;

/// <summary>Syntax the code fixes build, simplified and formatted the way the user's file already is.</summary>
internal static class FixHelpers
{
    /// <summary><c>await expr</c>, in parentheses where its place needs them (the simplifier drops the others).</summary>
    public static ExpressionSyntax Await(ExpressionSyntax expr, SyntaxNode replaced)
    {
        var awaited = SyntaxFactory.AwaitExpression(expr.WithoutTrivia());
        ExpressionSyntax result = replaced.Parent is ExpressionStatementSyntax
            ? awaited
            : SyntaxFactory.ParenthesizedExpression(awaited).WithAdditionalAnnotations(Simplifier.Annotation);
        return result.WithTriviaFrom(replaced);
    }

    /// <summary>A reference to one of Curio.Actors' types or functions, shortened by the usings in scope.</summary>
    public static ExpressionSyntax Curio(string member) =>
        SyntaxFactory.ParseExpression("global::Curio.Actors." + member).WithAdditionalAnnotations(Simplifier.Annotation);

    public static async Task<Document> Replace(Document document, SyntaxNode old, SyntaxNode replacement, CancellationToken ct)
    {
        var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        if (root is null) return document;
        var doc = document.WithSyntaxRoot(root.ReplaceNode(old, replacement.WithAdditionalAnnotations(Formatter.Annotation)));
        doc = await Simplifier.ReduceAsync(doc, Simplifier.Annotation, cancellationToken: ct).ConfigureAwait(false);
        return await Formatter.FormatAsync(doc, Formatter.Annotation, cancellationToken: ct).ConfigureAwait(false);
    }
}
