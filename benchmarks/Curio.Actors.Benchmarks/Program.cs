using System.Globalization;
using System.Reflection;
using Curio.Actors.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/Curio.Actors.Benchmarks -- [--quick] [--list]
//        [--json FILE] [--markdown FILE] [area-or-name ...]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var quick = args.Contains("--quick");
string? OptionValue(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
var jsonPath = OptionValue("--json");
var markdownPath = OptionValue("--markdown");
var filters = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--json" or "--markdown"))).ToArray();
var all = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Area).ThenBy(b => b.Name)
    .ToList();
if (args.Contains("--list"))
{
    foreach (var b in all) Console.WriteLine($"{b.Area,-10} {b.Name}");
    return 0;
}
var selected = all.Where(b => filters.Length == 0 || filters.Contains(b.Name) || filters.Contains(b.Area)).ToList();
var context = new BenchContext(quick);
var loadBefore = Report.LoadAverage();
Console.WriteLine($"load average at start: {loadBefore}");
var results = new List<(IBenchmark Bench, BenchRow Row)>();
Console.WriteLine($"{"area",-8} {"benchmark",-22} {"case",-44} {"library",14} {"baseline",14} {"unit",-8} {"ratio",7}  baseline");
var failed = 0;
foreach (var b in selected)
{
    try
    {
        foreach (var r in await b.RunAsync(context))
        {
            results.Add((b, r));
            Console.WriteLine($"{b.Area,-8} {b.Name,-22} {r.Case,-44} {r.Library,14:#,0.##} {r.Baseline,14:#,0.##} {r.Unit,-8} {r.Ratio,7:0.00}  {r.BaselineName}");
        }
    }
    catch (Exception e)
    {
        failed++;
        Console.WriteLine($"{b.Area,-8} {b.Name,-22} FAILED: {e.GetType().Name}: {e.Message}");
    }
}
var loadAfter = Report.LoadAverage();
Console.WriteLine($"load average at end: {loadAfter}");
if (jsonPath is not null) Report.WriteJson(jsonPath, results, quick, loadBefore, loadAfter);
if (markdownPath is not null) Report.WriteMarkdown(markdownPath, results, loadBefore, loadAfter);
return failed == 0 ? 0 : 1;
