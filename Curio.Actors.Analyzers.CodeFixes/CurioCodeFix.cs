namespace Curio.Actors.Analyzers;

/// <summary>The common frame of Curio.Actors' code fixes: one rule each, fixable all at once.</summary>
public abstract class CurioCodeFix : CodeFixProvider
{
    private protected CurioCodeFix(DiagnosticDescriptor rule) => FixableDiagnosticIds = ImmutableArray.Create(rule.Id);

    /// <inheritdoc />
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <inheritdoc />
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;
}
