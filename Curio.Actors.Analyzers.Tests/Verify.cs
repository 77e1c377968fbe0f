using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Curio.Actors.Analyzers.Tests;

/// <summary>
/// Runs an analyzer (and its fix) over user code compiled against this machine's .NET runtime and the real
/// Curio.Actors assembly, so no reference pack is downloaded.
/// </summary>
public static class Verify<TAnalyzer, TFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Curio.Actors;\nusing static Curio.Actors.Async;\n";

    private static readonly ImmutableArray<MetadataReference> s_references =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();

    /// <summary>The source (without usings) with its diagnostics marked <c>{|CURIO00N:...|}</c>; no fix expected.</summary>
    public static Task Diagnostics(string source) => Fix(source, null);

    /// <summary>The source with its marked diagnostics, and what the fix makes of it.</summary>
    public static async Task Fix(string source, string? fixedSource, int codeActionIndex = 0)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = Usings + source,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            CodeActionIndex = codeActionIndex,
        };
        test.TestState.AdditionalReferences.AddRange(s_references);
        if (fixedSource is not null) test.FixedCode = Usings + fixedSource;
        await test.RunAsync();
    }
}
