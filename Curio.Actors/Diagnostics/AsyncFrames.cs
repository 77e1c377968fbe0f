using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.CompilerServices;

namespace Curio.Actors.Diagnostics;

/// <summary>
/// Walks a suspended chain of async state machines from a task's body down to the innermost await. Each async method's
/// box holds its state machine; the state machine's live awaiter field (<c>&lt;&gt;u__N</c>, cleared on resumption)
/// holds the Task or IValueTaskSource it waits on, which is the next box down. The state number (<c>&lt;&gt;1__state</c>)
/// is the index of the await, which the portable PDB's async stepping information maps to an IL offset and so to a line.
/// All of it is reflection, paid only by whoever asks.
/// </summary>
internal static class AsyncFrames
{
    private const int MaxDepth = 64;
    private static readonly Guid AsyncSteppingInfo = new("54FD2AC5-E925-401A-9C2A-F94F171072F8");
    private static readonly ConcurrentDictionary<Assembly, Pdb?> s_pdbs = new();
    private static readonly string[] s_library = ["Curio.Actors", "Curio.Actors.Net", "Curio.Actors.Remote"];

    /// <summary>True for frames of Curio.Actors' own assemblies, which <see cref="CurioTask.Where"/> skips.</summary>
    internal static bool IsLibrary(Type t) => Array.IndexOf(s_library, t.Assembly.GetName().Name) >= 0;

    /// <summary>The frames from the outermost (the body) to the innermost await, each with its state machine type.</summary>
    internal static List<(TaskFrame Frame, Type Machine)> Walk(object? awaited)
    {
        var frames = new List<(TaskFrame, Type)>();
        for (var depth = 0; awaited is not null && depth < MaxDepth; depth++)
        {
            if (StateMachineOf(awaited) is not { } sm) break;
            var type = sm.GetType();
            var state = type.GetField("<>1__state", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(sm) as int?;
            frames.Add((Describe(type, state ?? -1), type));
            awaited = AwaitedBy(sm, type);
        }
        return frames;
    }

    private static IAsyncStateMachine? StateMachineOf(object box)
    {
        if (box is IAsyncStateMachine direct) return direct;
        var f = box.GetType().GetField("StateMachine", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        return f?.GetValue(box) as IAsyncStateMachine;
    }

    /// <summary>The Task or value-task source the state machine's live awaiter holds, or null.</summary>
    private static object? AwaitedBy(IAsyncStateMachine sm, Type type)
    {
        foreach (var f in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (!f.Name.StartsWith("<>u__", StringComparison.Ordinal)) continue;
            if (Unwrap(f.GetValue(sm), 0) is { } inner) return inner;
        }
        return null;
    }

    // An awaiter (TaskAwaiter, ValueTaskAwaiter, their Configured forms) reaches its Task or source in a field or two.
    private static object? Unwrap(object? value, int depth)
    {
        if (value is null || depth > 3) return null;
        if (value is Task or IAsyncStateMachine) return value;
        var type = value.GetType();
        if (!type.IsValueType) return value is System.Threading.Tasks.Sources.IValueTaskSource or System.Threading.Tasks.Sources.IValueTaskSource<object> ? value : null;
        foreach (var f in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (f.FieldType.IsPrimitive) continue;
            var v = f.GetValue(value);
            if (v is null) continue;
            if (!v.GetType().IsValueType) return v;
            if (Unwrap(v, depth + 1) is { } inner) return inner;
        }
        return null;
    }

    private static TaskFrame Describe(Type machine, int state)
    {
        var method = MethodName(machine);
        var moveNext = machine.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        if (moveNext is null) return new TaskFrame(method, null, 0);
        var pdb = s_pdbs.GetOrAdd(machine.Assembly, Pdb.Open);
        var (file, line) = pdb?.LineOf(moveNext.MetadataToken, state) ?? (null, 0);
        return new TaskFrame(method, file, line);
    }

    /// <summary><c>&lt;Main&gt;d__0</c> nested in Program gives Program.Main; lambdas and local functions keep their C# names.</summary>
    private static string MethodName(Type machine)
    {
        var name = machine.Name;
        var owner = machine.DeclaringType;
        while (owner is not null && owner.Name.StartsWith('<')) owner = owner.DeclaringType; // skip <>c closures
        var inner = CompilerName(name);
        return owner is null ? inner : $"{owner.Name}.{inner}";
    }

    private static string CompilerName(string name)
    {
        var g = name.IndexOf("g__", StringComparison.Ordinal); // local function: <Outer>g__Inner|0_0
        if (g >= 0)
        {
            var end = name.IndexOf('|', g);
            var outer = name.IndexOf('>') is var gt and > 1 ? name[1..gt].TrimStart('<') : "";
            return end > g + 3 ? $"{outer}.{name[(g + 3)..end]}" : name;
        }
        var b = name.IndexOf(">b__", StringComparison.Ordinal); // lambda: <<Outer>b__0_0>d
        if (b >= 0) return name[..b].TrimStart('<') + ".<lambda>";
        var lt = name.IndexOf('<');
        var close = name.IndexOf('>');
        return lt >= 0 && close > lt + 1 ? name[(lt + 1)..close] : name;
    }

    /// <summary>An assembly's portable PDB (beside the file, or embedded), read once.</summary>
    private sealed class Pdb(MetadataReaderProvider provider)
    {
        private readonly MetadataReader _reader = provider.GetMetadataReader();
        private readonly object _gate = new();

        internal static Pdb? Open(Assembly assembly)
        {
            try
            {
                if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location)) return null;
                using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly.Location));
                foreach (var entry in pe.ReadDebugDirectory())
                {
                    if (entry.Type == System.Reflection.PortableExecutable.DebugDirectoryEntryType.EmbeddedPortablePdb)
                        return new Pdb(pe.ReadEmbeddedPortablePdbDebugDirectoryData(entry));
                }
                var path = Path.ChangeExtension(assembly.Location, ".pdb");
                if (!File.Exists(path)) return null;
                return new Pdb(MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(path)));
            }
            catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>The line of the await numbered <paramref name="state"/> in a MoveNext, else its first line.</summary>
        internal (string?, int) LineOf(int moveNextToken, int state)
        {
            lock (_gate) // MetadataReader is not documented as thread-safe
            {
                var handle = MetadataTokens.MethodDefinitionHandle(moveNextToken);
                var info = _reader.GetMethodDebugInformation(handle);
                var points = info.GetSequencePoints().Where(p => !p.IsHidden).ToList();
                if (points.Count == 0) return (null, 0);
                var offset = state >= 0 ? YieldOffset(handle, state) : null;
                var best = points[0];
                if (offset is { } o) foreach (var p in points) if (p.Offset <= o) best = p;
                return (_reader.GetDocument(best.Document).Name is var d && !d.IsNil ? _reader.GetString(d) : null, best.StartLine);
            }
        }

        // The async stepping blob: catch offset, then (yield offset, resume offset, resume method) per await, in state order.
        private int? YieldOffset(MethodDefinitionHandle method, int state)
        {
            foreach (var h in _reader.GetCustomDebugInformation(method))
            {
                var cdi = _reader.GetCustomDebugInformation(h);
                if (_reader.GetGuid(cdi.Kind) != AsyncSteppingInfo) continue;
                var blob = _reader.GetBlobReader(cdi.Value);
                blob.ReadUInt32();
                for (var i = 0; blob.RemainingBytes > 0; i++)
                {
                    var yield = blob.ReadUInt32();
                    blob.ReadUInt32();
                    blob.ReadCompressedInteger();
                    if (i == state) return (int)yield;
                }
            }
            return null;
        }
    }
}
