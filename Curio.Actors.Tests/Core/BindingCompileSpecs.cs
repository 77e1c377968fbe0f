using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Curio.Actors.Tests.Core;

/// <summary>
/// Every call shape a Curio user writes, against every API that takes a body, compiled with Roslyn against the
/// library as a user's program would be: no call is ambiguous (CS0121) or refused, and each binds to the body form
/// its function has (a function returning a value never to a no-result form, an async lambda to Task).
/// </summary>
public class BindingCompileSpecs
{
    private const string Prelude = """
        using System;
        using System.Threading.Tasks;
        using Curio.Actors;
        using static Curio.Actors.Async;

        static class F
        {
            public static Task<int> TI() => Task.FromResult(0);
            public static ValueTask<int> VI() => default;
            public static Task T() => Task.CompletedTask;
            public static ValueTask V() => default;
            public static Task<int> TI1(int a) => Task.FromResult(a);
            public static Task<int> TI2(int a, string b) => Task.FromResult(a);
            public static Task<int> TI3(int a, string b, double c) => Task.FromResult(a);
            public static ValueTask<int> VI3(int a, string b, double c) => new(a);
            public static Task T2(int a, string b) => Task.CompletedTask;
            public static ValueTask V1(int a) => default;
            public static ValueTask V3(int a, string b, double c) => default;
            public static Task<int> Both(int a) => Task.FromResult(a);      // a method group of two overloads
            public static Task<int> Both(string a) => Task.FromResult(0);
        }

        static class Calls
        {
            static MODIFIERS Body(Kernel k, TaskGroup g, Event evt, CurioQueue<int> q, UniversalQueue<int> uq)
            {
        """;

    // What the body delegate of the chosen overload must return, for each shape of body.
    private static readonly (string Shape, string Body)[] s_shapes =
    [
        ("F.TI", "Task<int>"), ("F.VI", "ValueTask<int>"), ("F.T", "Task"), ("F.V", "ValueTask"),
        ("F.TI1, 1", "Task<int>"), ("F.TI2, 1, \"b\"", "Task<int>"), ("F.TI3, 1, \"b\", 2.0", "Task<int>"),
        ("F.VI3, 1, \"b\", 2.0", "ValueTask<int>"), ("F.T2, 1, \"b\"", "Task"), ("F.V1, 1", "ValueTask"), ("F.V3, 1, \"b\", 2.0", "ValueTask"),
        ("F.Both, 1", "Task<int>"), ("F.Both, \"s\"", "Task<int>"),
        ("async () => { await Sleep(TimeSpan.Zero); }", "Task"),
        ("async () => { await Sleep(TimeSpan.Zero); return 1; }", "Task<int>"),
        ("async () => await evt.WaitAsync()", "Task"),
        ("async () => await q.GetAsync()", "Task<int>"),
        ("() => F.TI()", "Task<int>"), ("() => F.T()", "Task"), ("() => F.V()", "ValueTask"), ("() => F.VI()", "ValueTask<int>"),
        ("() => throw new InvalidOperationException()", "Task"),
        ("async () => { await Sleep(TimeSpan.Zero); throw new InvalidOperationException(); }", "Task"),
        ("async x => { await Sleep(TimeSpan.Zero); return x; }, 1", "Task<int>"),
        ("async (int x, string y) => { await Sleep(TimeSpan.Zero); }, 1, \"y\"", "Task"),
        ("evt.WaitAsync", "ValueTask"), ("q.GetAsync", "ValueTask<int>"), ("q.PutAsync, 1", "ValueTask"),
        ("uq.GetAsync", "ValueTask<int>"), ("uq.PutAsync, 1", "ValueTask"),
        ("Sleep, TimeSpan.FromSeconds(1)", "ValueTask<TimeSpan>"),
        ("Task.Delay, 10", "Task"),
    ];

    private static readonly string[] s_apis =
    [
        "Spawn({0})", "Spawn({0}, daemon: true)", "k.Spawn({0})", "g.Spawn({0})", "TimeoutAfter(TimeSpan.FromSeconds(1), {0})",
        "IgnoreAfter(TimeSpan.FromSeconds(1), {0})", "DisableCancellation({0})", "Kernel.Run({0})", "Kernel.RunAsync({0})",
    ];

    private static (CSharpCompilation Compilation, SyntaxTree Tree) Compile(string statements, bool isAsync)
    {
        var source = Prelude.Replace("MODIFIERS", isAsync ? "async Task" : "void") + statements + "\n    }\n}\n";
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("UserProgram", [tree], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return (compilation, tree);
    }

    private static string BodyReturnOf(IMethodSymbol method) =>
        method.Parameters.Select(p => p.Type).OfType<INamedTypeSymbol>().First(t => t.Name == "Func").TypeArguments[^1]
            .ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    [Fact]
    public void Every_call_shape_compiles_and_binds_to_its_own_body_form()
    {
        var calls = (from api in s_apis from shape in s_shapes select (Code: string.Format(api, shape.Shape), shape.Body)).ToList();
        // Plain statements in a method that is not async: an unawaited call is no warning there, and Run may be void.
        var (compilation, tree) = Compile(string.Join("\n", calls.Select(c => $"        {c.Code};")), isAsync: false);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.Empty(errors);

        var model = compilation.GetSemanticModel(tree);
        var bound = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "Body")
            .Body!.Statements.OfType<ExpressionStatementSyntax>()
            .Select(st => (IMethodSymbol)model.GetSymbolInfo(st.Expression).Symbol!).ToList();
        Assert.Equal(calls.Count, bound.Count);
        var wrong = calls.Zip(bound, (c, m) => (c, got: BodyReturnOf(m), m))
            .Where(x => x.got != x.c.Body)
            .Select(x => $"{x.c.Code}: bound to {x.m.ToDisplayString()} (a {x.got} body), not to a {x.c.Body} body").ToList();
        Assert.Empty(wrong);
    }

    [Fact]
    public void A_value_is_typed_as_the_value_and_a_refused_shape_is_an_error()
    {
        // The spec's own check: code that must not compile does not (so an empty error list above means something).
        var (compilation, tree) = Compile("""
                    CurioTask<int> a = Spawn(F.TI1, 1);
                    int b = await TimeoutAfter(TimeSpan.FromSeconds(1), F.VI);
                    string? c = await IgnoreAfter(TimeSpan.FromSeconds(1), async () => { await Task.Yield(); return "x"; });
                    int d = Kernel.Run(F.TI2, 1, "b");
                    CurioTask<int> e = Spawn(F.T);
            """, isAsync: true);
        var only = Assert.Single(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal("CS0266", only.Id); // CurioTask to CurioTask<int>: a body without a result has no value to type
        Assert.Contains("CurioTask<int> e", tree.GetText().Lines[only.Location.GetLineSpan().StartLinePosition.Line].ToString());
    }
}
