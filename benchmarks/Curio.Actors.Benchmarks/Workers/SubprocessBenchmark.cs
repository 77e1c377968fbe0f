using System.Diagnostics;

namespace Curio.Actors.Benchmarks.Workers;

/// <summary>Subprocess start-to-exit and a 20 MB CheckOutput against Process.Start with WaitForExitAsync.</summary>
public sealed class SubprocessBenchmark : IBenchmark
{
    public string Name => "subprocess";
    public string Area => "workers";

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var n = context.Scale(200);
        var rows = new List<BenchRow>();
        var lib = await InKernel.RateAsync(n, async () =>
        {
            for (var i = 0; i < n; i++) await Subprocess.Run(["true"]);
        }, reps: 3);
        var raw = await Measure.RateAsync(n, async () =>
        {
            for (var i = 0; i < n; i++)
            {
                using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
                await p.WaitForExitAsync();
            }
        }, reps: 3);
        rows.Add(new BenchRow("start to exit (true)", "procs/s", lib, raw, "Process.Start + WaitForExitAsync"));

        const int size = 20_000_000;
        var m = context.Quick ? 2 : 10;
        string[] cmd = ["head", "-c", size.ToString(), "/dev/zero"];
        var libMb = await InKernel.RateAsync(m * (size / 1_000_000), async () =>
        {
            for (var i = 0; i < m; i++)
                if ((await Subprocess.CheckOutput(cmd)).Length != size) throw new InvalidOperationException("short output");
        }, reps: 3);
        var rawMb = await Measure.RateAsync(m * (size / 1_000_000), async () =>
        {
            for (var i = 0; i < m; i++)
            {
                var psi = new ProcessStartInfo(cmd[0]) { UseShellExecute = false, RedirectStandardOutput = true };
                foreach (var a in cmd[1..]) psi.ArgumentList.Add(a);
                using var p = Process.Start(psi)!;
                var ms = new MemoryStream();
                await p.StandardOutput.BaseStream.CopyToAsync(ms);
                await p.WaitForExitAsync();
                if (ms.Length != size) throw new InvalidOperationException("short output");
            }
        }, reps: 3);
        rows.Add(new BenchRow("check_output 20 MB", "MB/s", libMb, rawMb, "Process + CopyToAsync"));
        return rows;
    }
}
