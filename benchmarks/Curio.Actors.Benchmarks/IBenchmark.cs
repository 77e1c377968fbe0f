namespace Curio.Actors.Benchmarks;

/// <summary>
/// One side-by-side benchmark: the library and a plain baseline measured in the same process run.
/// Every non-abstract type implementing it is found by reflection, so adding a file adds a benchmark.
/// </summary>
public interface IBenchmark
{
    /// <summary>Short name used on the command line (for example "spawn-join").</summary>
    string Name { get; }

    /// <summary>Area (kernel, sync, net, remote, workers...) for grouping and filtering.</summary>
    string Area { get; }

    /// <summary>Runs the comparison and returns its rows.</summary>
    Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context);
}

/// <summary>One measured line: the library's figure, the baseline's, and what the unit is.</summary>
/// <param name="Case">What was measured.</param>
/// <param name="Unit">Unit of both figures (for example "ops/s", "µs", "bytes").</param>
/// <param name="Library">The Curio.Actors figure.</param>
/// <param name="Baseline">The baseline figure (NaN if none).</param>
/// <param name="BaselineName">What the baseline is (TPL, raw socket, raw Akka...).</param>
/// <param name="HigherIsBetter">True for rates, false for latencies and sizes.</param>
public sealed record BenchRow(string Case, string Unit, double Library, double Baseline, string BaselineName, bool HigherIsBetter = true)
{
    /// <summary>
    /// Python Curio 1.6's figure for the same case on this machine class, in the same unit, where one is known: a fixed
    /// reference from earlier measurements (issue 14), not measured by this run. NaN if none.
    /// </summary>
    public double PythonCurio { get; init; } = double.NaN;

    /// <summary>Library relative to baseline, oriented so that above 1 means the library is better.</summary>
    public double Ratio => double.IsNaN(Baseline) || Baseline == 0 ? double.NaN : HigherIsBetter ? Library / Baseline : Baseline / Library;
}

/// <summary>Settings shared by all benchmarks.</summary>
/// <param name="Quick">A short run (for smoke tests); figures are then only indicative.</param>
public sealed record BenchContext(bool Quick)
{
    /// <summary>Scales an iteration count down in quick mode.</summary>
    public int Scale(int n) => Quick ? Math.Max(1, n / 20) : n;
}
