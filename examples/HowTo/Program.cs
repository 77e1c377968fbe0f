using System.Net.Sockets;
using System.Reflection;
using System.Security.Authentication;
using Curio.Actors;
using Curio.Actors.Remote;
using HowTo;

// dotnet run --project examples/HowTo -- RECIPE [args]
var recipes = typeof(RecipeAttribute).Assembly.GetTypes()
    .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
    .Select(m => (Method: m, Attr: m.GetCustomAttribute<RecipeAttribute>()))
    .Where(x => x.Attr is not null)
    .ToDictionary(x => x.Attr!.Name, x => x);
if (args.Length == 0 || !recipes.TryGetValue(args[0], out var recipe))
{
    Console.Error.WriteLine("usage: HowTo RECIPE [args]\nrecipes:");
    foreach (var r in recipes.Values.OrderBy(r => r.Attr!.Name)) Console.Error.WriteLine($"  {r.Attr!.Name,-20} {r.Attr.Summary}");
    return 2;
}
try
{
    await (Task)recipe.Method.Invoke(null, [args[1..]])!;
}
catch (KeyboardInterrupt e)
{
    // Kernel.Run cancelled every task on Ctrl-C (or SIGTERM) and they unwound: a server's ordinary end.
    Console.Error.WriteLine($"Stopped by {e.Signal}");
    return 0;
}
catch (Exception e) when (e is IOException or SocketException or AuthenticationException or TimeoutException or ConnectionError)
{
    // What goes wrong in ordinary use (a busy port, nobody listening, an untrusted certificate) is one line, not a trace.
    Console.Error.WriteLine($"{args[0]}: {e.GetType().Name}: {e.Message}");
    return 1;
}
return 0;
