using System.Reflection;
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
await (Task)recipe.Method.Invoke(null, [args[1..]])!;
return 0;
