namespace Curio.Actors.Diagnostics;

/// <summary>The user's frame that spawned a task, for <see cref="KernelOptions.CaptureSpawnSites"/> (a stack walk per spawn: debugging only).</summary>
internal static class SpawnSites
{
    internal static TaskFrame? Capture()
    {
        var frames = new System.Diagnostics.StackTrace(2, fNeedFileInfo: true).GetFrames();
        foreach (var f in frames)
        {
            if (f.GetMethod() is not { DeclaringType: { } type } method || AsyncFrames.IsLibrary(type)) continue;
            if (type.Namespace is { } ns && (ns.StartsWith("System", StringComparison.Ordinal) || ns.StartsWith("Akka", StringComparison.Ordinal))) continue;
            return new TaskFrame(NameOf(type, method.Name), f.GetFileName(), f.GetFileLineNumber());
        }
        return null;
    }

    // Lambdas and async methods live in compiler-made types (<>c, <Main>d__3): name them after the user's method.
    private static string NameOf(Type type, string method)
    {
        var outer = type;
        while (outer.IsNested && outer.Name.StartsWith('<')) outer = outer.DeclaringType!;
        var inner = type.Name.StartsWith('<') && method == "MoveNext" ? Between(type.Name) : Between(method);
        return $"{outer.Name}.{inner}";
    }

    private static string Between(string name) =>
        name.StartsWith('<') && name.IndexOf('>') is var gt and > 1 ? name[1..gt] : name;
}
