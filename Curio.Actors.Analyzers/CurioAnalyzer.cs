namespace Curio.Actors.Analyzers;

/// <summary>The common frame of Curio.Actors' analyzers: one rule each, concurrent, generated code skipped.</summary>
public abstract class CurioAnalyzer : DiagnosticAnalyzer
{
    private protected CurioAnalyzer(DiagnosticDescriptor rule) => SupportedDiagnostics = ImmutableArray.Create(rule);

    /// <inheritdoc />
    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        Register(context);
    }

    private protected abstract void Register(AnalysisContext context);
}
