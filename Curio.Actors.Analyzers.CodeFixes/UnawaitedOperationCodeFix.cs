namespace Curio.Actors.Analyzers;

/// <summary>Fix for CURIO003, inside an async function: await the operation.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnawaitedOperationCodeFix)), Shared]
public sealed class UnawaitedOperationCodeFix : CurioCodeFix
{
    /// <summary>Creates the code fix.</summary>
    public UnawaitedOperationCodeFix() : base(Rules.NotAwaited) { }

    private const string Title = "Await the operation";

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Diagnostics[0].Location.SourceSpan) is not ExpressionSyntax expr) return;
        if (CurioCode.EnclosingFunction(expr) is not { } function || !CurioCode.IsAsync(function)) return;
        var doc = context.Document;
        context.RegisterCodeFix(CodeAction.Create(Title, ct => FixHelpers.Replace(doc, expr, FixHelpers.Await(expr, expr), ct), equivalenceKey: Title),
            context.Diagnostics[0]);
    }
}
