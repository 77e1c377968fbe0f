using System.Reflection;
using System.Runtime.CompilerServices;
using Curio.Actors.TestKit;

namespace Curio.Actors.Tests.Core;

/// <summary>
/// The overload sets that take a task body, read by reflection over the library assemblies: every no-result form has
/// a value form that outranks it, so a function returning a value (a method group returning Task&lt;int&gt; converts to
/// Func&lt;Task&gt; too) always binds to the form that keeps the value. BodyFormSpecs shows the bindings compile.
/// </summary>
public class OverloadSetSpecs
{
    internal enum Form { Task, TaskOfT, ValueTask, ValueTaskOfT }

    internal static readonly Assembly[] Libraries =
        [typeof(Kernel).Assembly, typeof(Curio.Actors.Net.Network).Assembly, typeof(Curio.Actors.Remote.Channel).Assembly, typeof(CurioSpec).Assembly];

    // Callbacks whose value means nothing to the API that calls them: a server's handler per connection, a group's block
    // (typed groups too: their results come from the tasks, not the block).
    private static readonly HashSet<string> s_noResultByDesign =
        ["TaskGroup.RunAsync", "TaskGroup`1.RunAsync", "Network.TcpServer", "Network.UdpServer", "Network.UnixServer", "TcpServer.BindAsync", "UdpServer.BindAsync", "UnixServer.BindAsync"];

    // Curio's corofunc-taking calls: each takes all four forms with zero to three arguments.
    private static readonly string[] s_curioCalls =
        ["Async.Spawn", "Kernel.Spawn", "TaskGroup.Spawn", "Async.TimeoutAfter", "Async.IgnoreAfter", "Async.DisableCancellation", "Kernel.Run", "Kernel.RunAsync"];

    private sealed record Overload(MethodInfo Method, Form Form, int Arity, Type? Result)
    {
        public int Priority => Method.GetCustomAttribute<OverloadResolutionPriorityAttribute>()?.Priority ?? 0;
        public string Family => $"{Method.DeclaringType!.Name}.{Method.Name}";
        public override string ToString() => $"{Family}({string.Join(", ", Method.GetParameters().Select(p => p.ParameterType.Name))}) [{Form}, priority {Priority}]";
    }

    private static Overload? BodyForm(MethodInfo m)
    {
        foreach (var p in m.GetParameters())
        {
            var d = p.ParameterType;
            if (!d.IsGenericType || d.GetGenericTypeDefinition().FullName?.StartsWith("System.Func`", StringComparison.Ordinal) != true) continue;
            var args = d.GetGenericArguments();
            var ret = args[^1];
            Form? form = ret == typeof(Task) ? Form.Task : ret == typeof(ValueTask) ? Form.ValueTask
                : ret.IsGenericType && ret.GetGenericTypeDefinition() == typeof(Task<>) ? Form.TaskOfT
                : ret.IsGenericType && ret.GetGenericTypeDefinition() == typeof(ValueTask<>) ? Form.ValueTaskOfT : null;
            if (form is { } f) return new Overload(m, f, args.Length - 1, ret.IsGenericType ? ret.GetGenericArguments()[0] : null);
        }
        return null;
    }

    private static List<Overload> BodyOverloads() =>
        Libraries.SelectMany(a => a.GetExportedTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly)
            .Select(BodyForm).OfType<Overload>().ToList();

    [Fact]
    public void Every_no_result_body_form_is_outranked_by_a_form_that_keeps_the_value()
    {
        var problems = new List<string>();
        foreach (var family in BodyOverloads().GroupBy(o => (o.Family, o.Arity)))
        {
            var byForm = family.ToLookup(o => o.Form);
            foreach (var (plain, valued) in new[] { (Form.Task, Form.TaskOfT), (Form.ValueTask, Form.ValueTaskOfT) })
            {
                foreach (var p in byForm[plain])
                {
                    if (s_noResultByDesign.Contains(p.Family)) continue;
                    var v = byForm[valued].ToList();
                    if (v.Count == 0) problems.Add($"{p}: no {valued} form, so a function returning a value binds here and loses it");
                    else if (v.Any(x => x.Priority <= p.Priority)) problems.Add($"{p}: not outranked by {string.Join(", ", v)}");
                }
            }
            // An async lambda fits Task and ValueTask alike: Task must win, or the call is ambiguous (CS0121).
            foreach (var (first, second) in new[] { (Form.Task, Form.ValueTask), (Form.TaskOfT, Form.ValueTaskOfT) })
                foreach (var s in byForm[second])
                    foreach (var f in byForm[first].Where(f => f.Priority <= s.Priority))
                        problems.Add($"{f} must outrank {s}");
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void Every_value_form_returns_the_value()
    {
        var lost = BodyOverloads().Where(o => o.Result is { } r && r.IsGenericParameter && !Mentions(o.Method.ReturnType, r)).ToList();
        Assert.Empty(lost.Select(o => o.ToString()));

        static bool Mentions(Type t, Type parameter) =>
            t == parameter || t.IsGenericType && t.GetGenericArguments().Any(a => Mentions(a, parameter));
    }

    [Fact]
    public void Curios_corofunc_calls_take_every_form_with_up_to_three_arguments()
    {
        var have = BodyOverloads().Select(o => (o.Family, o.Form, o.Arity)).ToHashSet();
        var missing = (from call in s_curioCalls
                       from form in Enum.GetValues<Form>()
                       from arity in Enumerable.Range(0, 4)
                       where !have.Contains((call, form, arity))
                       select $"{call}: {form} with {arity} arguments").ToList();
        Assert.Empty(missing);
    }
}
