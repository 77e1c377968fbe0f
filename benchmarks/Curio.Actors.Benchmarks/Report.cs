using System.Text;
using System.Text.Json;

namespace Curio.Actors.Benchmarks;

/// <summary>Machine-readable and README-ready outputs of one run, so two runs can be compared.</summary>
public static class Report
{
    /// <summary>The 1, 5 and 15 minute load averages (Linux), or "n/a": figures from a loaded machine read as ±30%.</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    /// <summary>Writes every row with its benchmark, the run's settings and the machine's load, as JSON.</summary>
    public static void WriteJson(string path, IEnumerable<(IBenchmark Bench, BenchRow Row)> results, bool quick, string loadBefore, string loadAfter)
    {
        var doc = new
        {
            date = DateTimeOffset.UtcNow,
            machine = new { Environment.ProcessorCount, os = Environment.OSVersion.ToString(), runtime = Environment.Version.ToString() },
            quick,
            loadAverage = new { start = loadBefore, end = loadAfter },
            rows = results.Select(r => new
            {
                area = r.Bench.Area,
                benchmark = r.Bench.Name,
                @case = r.Row.Case,
                unit = r.Row.Unit,
                library = Finite(r.Row.Library),
                baseline = Finite(r.Row.Baseline),
                baselineName = r.Row.BaselineName,
                higherIsBetter = r.Row.HigherIsBetter,
                ratio = Finite(r.Row.Ratio),
                pythonCurio = Finite(r.Row.PythonCurio),
            }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Writes the README's benchmark table for this run, with the load average beside it.</summary>
    public static void WriteMarkdown(string path, IEnumerable<(IBenchmark Bench, BenchRow Row)> results, string loadBefore, string loadAfter)
    {
        static string F(double x) => double.IsFinite(x) ? x.ToString(x >= 100 ? "#,0" : "0.##") : "-";
        var sb = new StringBuilder();
        sb.AppendLine($"Run of {DateTimeOffset.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, load average {loadBefore} at start, {loadAfter} at end.");
        sb.AppendLine();
        sb.AppendLine("| benchmark | case | Curio.Actors | baseline | ratio | Python Curio |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var (b, r) in results)
            sb.AppendLine($"| {b.Name} | {r.Case} | {F(r.Library)} {r.Unit} | {F(r.Baseline)} ({r.BaselineName}) | {F(r.Ratio)} | {F(r.PythonCurio)} |");
        File.WriteAllText(path, sb.ToString());
    }
}
