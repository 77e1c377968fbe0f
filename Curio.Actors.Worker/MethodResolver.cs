using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace Curio.Actors.Worker;

/// <summary>
/// Finds the static method a request names: the assembly by path, the type by full name, the method by name and
/// exact parameter types. The dependencies of a loaded assembly are probed in its own folder.
/// </summary>
internal static class MethodResolver
{
    private static readonly ConcurrentDictionary<string, MethodInfo> s_methods = new();
    private static readonly ConcurrentDictionary<string, Assembly> s_assemblies = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, bool> s_probeDirs = new(StringComparer.Ordinal);
    private static int s_hooked;

    /// <summary>The identity of each parameter type, as both ends compute it.</summary>
    internal static string[] ParameterNames(MethodInfo method) =>
        method.GetParameters().Select(p => p.ParameterType.AssemblyQualifiedName ?? p.ParameterType.ToString()).ToArray();

    internal static MethodInfo Resolve(WorkerRequest request)
    {
        var key = request.Assembly + "|" + request.Type + "|" + request.Method + "|" + string.Join(";", request.Parameters);
        if (s_methods.TryGetValue(key, out var cached)) return cached;
        var assembly = Load(request.Assembly);
        var type = assembly.GetType(request.Type, throwOnError: false)
            ?? throw new MissingMemberException($"Type {request.Type} not found in {request.Assembly}.");
        var method = type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .FirstOrDefault(m => m.Name == request.Method && ParameterNames(m).SequenceEqual(request.Parameters))
            ?? throw new MissingMethodException($"Static method {request.Type}.{request.Method}({string.Join(", ", request.Parameters)}) not found in {request.Assembly}.");
        s_methods[key] = method;
        return method;
    }

    private static Assembly Load(string path)
    {
        if (s_assemblies.TryGetValue(path, out var known)) return known;
        if (Interlocked.Exchange(ref s_hooked, 1) == 0) AssemblyLoadContext.Default.Resolving += Probe;
        s_probeDirs[Path.GetDirectoryName(path) ?? "."] = true;
        var name = AssemblyName.GetAssemblyName(path);
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name) && a.GetName().Name == name.Name)
            ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path));
        s_assemblies[path] = assembly;
        return assembly;
    }

    private static Assembly? Probe(AssemblyLoadContext context, AssemblyName name)
    {
        foreach (var dir in s_probeDirs.Keys)
        {
            var candidate = Path.Combine(dir, name.Name + ".dll");
            if (File.Exists(candidate)) return context.LoadFromAssemblyPath(candidate);
        }
        return null;
    }
}
