namespace Curio.Actors.Analyzers;

/// <summary>What the analyzers ask of the code: is this Curio's API, is this function a task body.</summary>
internal static class CurioCode
{
    private static readonly ImmutableHashSet<string> s_assemblies =
        ImmutableHashSet.Create("Curio.Actors", "Curio.Actors.Net", "Curio.Actors.Remote", "Curio.Actors.TestKit");

    /// <summary>True for a symbol of Curio.Actors' libraries (by assembly: user code may live in a Curio.Actors.* namespace).</summary>
    public static bool IsCurio(ISymbol? symbol) =>
        symbol?.ContainingAssembly is { } assembly && s_assemblies.Contains(assembly.Name);

    /// <summary>The innermost lambda, anonymous method, local function or method around a node.</summary>
    public static SyntaxNode? EnclosingFunction(SyntaxNode node) =>
        node.Ancestors().FirstOrDefault(IsFunction);

    public static bool IsFunction(SyntaxNode n) =>
        n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax
            or AccessorDeclarationSyntax;

    public static bool IsAsync(SyntaxNode function) => function switch
    {
        AnonymousFunctionExpressionSyntax f => f.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
        LocalFunctionStatementSyntax f => f.Modifiers.Any(SyntaxKind.AsyncKeyword),
        MethodDeclarationSyntax f => f.Modifiers.Any(SyntaxKind.AsyncKeyword),
        _ => false,
    };

    /// <summary>
    /// A function whose code runs as a Curio task: a lambda handed to a Curio method (Spawn, TimeoutAfter, Kernel.Run,
    /// a TaskGroup...; not RunInThread or RunInProcess, whose functions run on threads or in other processes), or an
    /// async function that awaits one of Curio's operations.
    /// </summary>
    public static bool IsTaskBody(SyntaxNode function, SemanticModel model, System.Threading.CancellationToken ct)
    {
        if (function is AnonymousFunctionExpressionSyntax lambda && lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
            && model.GetSymbolInfo(call, ct).Symbol is IMethodSymbol target && IsCurio(target))
        {
            return !target.Name.StartsWith("RunInThread", System.StringComparison.Ordinal)
                && !target.Name.StartsWith("RunInProcess", System.StringComparison.Ordinal);
        }
        if (!IsAsync(function)) return false;
        foreach (var await in OwnNodes(function).OfType<AwaitExpressionSyntax>())
        {
            var awaited = await.Expression is InvocationExpressionSyntax inv ? inv : (SyntaxNode)await.Expression;
            var symbol = model.GetSymbolInfo(awaited, ct).Symbol;
            if (IsCurio(symbol) && symbol!.ContainingType?.Name != "Kernel") return true;
        }
        foreach (var u in OwnNodes(function))
        {
            // await using (await lk.AcquireAsync()) / await foreach over a Curio stream or group
            if (u is UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword } or ForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword })
            {
                var expr = u is UsingStatementSyntax us ? us.Expression : ((ForEachStatementSyntax)u).Expression;
                if (expr is not null && IsCurio(model.GetTypeInfo(expr, ct).Type)) return true;
            }
        }
        return false;
    }

    /// <summary>The nodes of a function's body, not those of the functions nested in it.</summary>
    public static System.Collections.Generic.IEnumerable<SyntaxNode> OwnNodes(SyntaxNode function)
    {
        var body = function switch
        {
            AnonymousFunctionExpressionSyntax f => f.Body,
            LocalFunctionStatementSyntax f => (SyntaxNode?)f.Body ?? f.ExpressionBody,
            BaseMethodDeclarationSyntax f => (SyntaxNode?)f.Body ?? f.ExpressionBody,
            AccessorDeclarationSyntax f => (SyntaxNode?)f.Body ?? f.ExpressionBody,
            _ => null,
        };
        if (body is null) return Enumerable.Empty<SyntaxNode>();
        return body.DescendantNodesAndSelf(n => n == body || !IsFunction(n));
    }

    /// <summary>True if the node lies in a task body (its innermost function is one).</summary>
    public static bool InTaskBody(SyntaxNode node, SemanticModel model, System.Threading.CancellationToken ct) =>
        EnclosingFunction(node) is { } f && IsTaskBody(f, model, ct);
}
