using System.Reflection;
using System.Text.RegularExpressions;

namespace Curio.Actors.Tests.Core;

/// <summary>
/// README's "Curio names and their C# names" table, kept true: every C# name it shows in code exists in the public
/// API of the library assemblies (a type, a member of that type, a parameter of that method), or is a .NET type.
/// </summary>
public partial class ReadmeNameTableSpecs
{
    private const string Section = "## Curio names and their C# names";

    // Names in the table that stand for the user's own code, not for an API.
    private static readonly HashSet<string> s_placeholders =
    [
        "StaticMethod", // RunInProcess(StaticMethod, arg): any static method of the user's
        "Context",      // Context.SpawnTask(...): an Akka actor's own ActorBase.Context
    ];

    // The libraries, the hosting package, and Akka.Hosting, whose AddAkka the hosting row names.
    private static readonly Type[] s_libraryTypes = OverloadSetSpecs.Libraries
        .Append(typeof(Curio.Actors.Hosting.CurioBackgroundService).Assembly)
        .Append(typeof(Akka.Hosting.AkkaHostingExtensions).Assembly)
        .SelectMany(a => a.GetExportedTypes()).ToArray();

    private static readonly Dictionary<string, Type[]> s_types = s_libraryTypes.GroupBy(t => Simple(t.Name)).ToDictionary(g => g.Key, g => g.ToArray());

    private static readonly HashSet<string> s_members = s_libraryTypes
        .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.FlattenHierarchy))
        .Where(m => m.MemberType != MemberTypes.Constructor).Select(m => m.Name).ToHashSet();

    private static readonly HashSet<string> s_namespaces = s_libraryTypes.Select(t => t.Namespace!).ToHashSet();

    // .NET and Akka types the table names (TimeSpan, SemaphoreSlim, Mutex, ...).
    private static readonly HashSet<string> s_platformTypes = AppDomain.CurrentDomain.GetAssemblies()
        .Where(a => !a.IsDynamic && (a.GetName().Name!.StartsWith("System", StringComparison.Ordinal) || a.GetName().Name!.StartsWith("Akka", StringComparison.Ordinal)))
        .SelectMany(a => { try { return a.GetExportedTypes(); } catch (NotSupportedException) { return []; } })
        .Select(t => Simple(t.Name)).ToHashSet();

    private static string Simple(string name) => name.Split('`')[0];

    private static List<(string Curio, string CSharp)> Rows()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CurioActors.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var lines = File.ReadAllLines(Path.Combine(dir.FullName, "README.md"));
        var start = Array.IndexOf(lines, Section);
        Assert.True(start >= 0, $"README.md has no section '{Section}'");
        var rows = lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2).ToList();
        return rows.Select(r =>
        {
            var cells = r.Trim().Trim('|').Split('|');
            Assert.True(cells.Length == 2, $"a row of the name table has {cells.Length} cells, not 2: {r}");
            return (cells[0].Trim(), cells[1].Trim());
        }).ToList();
    }

    [GeneratedRegex("`([^`]+)`")] private static partial Regex CodeSpan();
    [GeneratedRegex("<[^<>]*>")] private static partial Regex GenericArguments();
    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)")] private static partial Regex Standalone();
    [GeneratedRegex(@"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)")] private static partial Regex Dotted();
    [GeneratedRegex(@"\b([A-Z]\w*)\(([^()]*)\)")] private static partial Regex Call();
    [GeneratedRegex(@"\b([a-z]\w*)\s*:")] private static partial Regex NamedArgument();

    /// <summary>What is wrong with the names in one code span, if anything.</summary>
    private static IEnumerable<string> Check(string span)
    {
        if (s_namespaces.Contains(span)) yield break;
        var code = span;
        while (GenericArguments().IsMatch(code)) code = GenericArguments().Replace(code, "");
        foreach (Match m in Standalone().Matches(code))
        {
            var name = m.Groups[1].Value;
            if (!s_placeholders.Contains(name) && !s_types.ContainsKey(name) && !s_members.Contains(name) && !s_platformTypes.Contains(name))
                yield return $"{name} (in `{span}`) is neither a public type nor a public member";
        }
        foreach (Match m in Dotted().Matches(code))
        {
            var (owner, member) = (m.Groups[1].Value, m.Groups[2].Value);
            if (s_types.TryGetValue(owner, out var types))
            {
                if (!types.Any(t => t.GetMember(member, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.FlattenHierarchy).Length > 0))
                    yield return $"{owner}.{member} (in `{span}`) is not a public member of {owner}";
            }
            else if (!s_platformTypes.Contains(owner) && !s_members.Contains(member))
                yield return $"{member} (in `{span}`) is not a public member of any library type";
        }
        foreach (Match call in Call().Matches(code))
        {
            var method = call.Groups[1].Value;
            var parameters = s_libraryTypes
                .SelectMany(t => t.GetMember(method, MemberTypes.Method | MemberTypes.Constructor, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance))
                .Concat(s_types.TryGetValue(method, out var ctorTypes) ? ctorTypes.SelectMany(t => t.GetConstructors()) : [])
                .SelectMany(mb => ((MethodBase)mb).GetParameters()).Select(p => p.Name).ToHashSet();
            foreach (Match arg in NamedArgument().Matches(call.Groups[2].Value))
                if (!parameters.Contains(arg.Groups[1].Value))
                    yield return $"{method} has no parameter named {arg.Groups[1].Value} (in `{span}`)";
        }
    }

    [Fact]
    public void Every_CSharp_name_in_the_table_exists_in_the_public_API()
    {
        var rows = Rows();
        Assert.True(rows.Count > 30, $"only {rows.Count} rows read from the name table");
        var problems = new List<string>();
        foreach (var (curio, csharp) in rows)
        {
            // "same names" rows name the C# types in the Curio column.
            var cell = csharp.StartsWith("same names", StringComparison.Ordinal) ? curio + " " + csharp : csharp;
            foreach (Match span in CodeSpan().Matches(cell)) problems.AddRange(Check(span.Groups[1].Value));
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void The_check_catches_a_name_that_does_not_exist()
    {
        Assert.NotEmpty(Check("SpawnAsync"));
        Assert.NotEmpty(Check("TaskGroup.AddTaskAsync"));
        Assert.NotEmpty(Check("Spawn(body, demon:)"));
        Assert.Empty(Check("Spawn(body, daemon:, name:)"));
        Assert.Empty(Check("new TaskGroup(tasks, GroupWait.All/Any/Object/None)"));
        Assert.Empty(Check("Result<T>"));
    }
}
