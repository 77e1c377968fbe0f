using System.Text;
using Curio.Actors.Tests.Workers;

namespace Curio.Actors.Tests.Subprocess;

public class PipelineSpecs : WorkerSpec
{
    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task One_childs_output_feeds_the_next_childs_input(SchedulingMode mode)
    {
        var kernel = NewKernel(mode, virtualTime: false);
        var (sorted, handedOver, codes) = await RunIn(kernel, async () =>
        {
            await using var p1 = Curio.Actors.Subprocess.Popen(["sh", "-c", "printf 'pear\\napple\\nfig\\n'; seq 1 20000"], stdout: Stdio.Pipe);
            await using var p2 = Curio.Actors.Subprocess.Popen(["sort"], stdin: p1.Stdout!, stdout: Stdio.Pipe);
            await using var p3 = Curio.Actors.Subprocess.Popen(["tail", "-n", "3"], stdin: p2.Stdout!, stdout: Stdio.Pipe);
            var output = await p3.Stdout!.ReadAllAsync();
            var e = await Assert.ThrowsAsync<ObjectDisposedException>(async () => await p1.Stdout!.ReadAsync());
            return (Encoding.ASCII.GetString(output), e.Message, (await p1.WaitAsync(), await p2.WaitAsync(), await p3.WaitAsync()));
        });
        Assert.Equal("apple\nfig\npear\n", sorted);
        Assert.NotEmpty(handedOver);
        Assert.Equal((0, 0, 0), codes);
    }

    [Fact]
    public async Task A_stream_with_data_already_read_is_not_handed_over()
    {
        var kernel = NewKernel(virtualTime: false);
        var (refused, rest) = await RunIn(kernel, async () =>
        {
            await using var p1 = Curio.Actors.Subprocess.Popen(["printf", "a\\nb\\n"], stdout: Stdio.Pipe);
            var first = await p1.Stdout!.ReadLineAsync();
            var e = Assert.Throws<IOException>(() => Curio.Actors.Subprocess.Popen(["cat"], stdin: p1.Stdout!));
            var wrongSide = Assert.Throws<ArgumentException>(() => Curio.Actors.Subprocess.Popen(["cat"], stdin: PipeIn()));
            return (e.Message + wrongSide.Message, Encoding.ASCII.GetString(first) + Encoding.ASCII.GetString(await p1.Stdout!.ReadAllAsync()));
        });
        Assert.Contains("already read", refused);
        Assert.Equal("a\nb\n", rest);
    }

    private static SubprocessStream PipeIn() =>
        Curio.Actors.Subprocess.Popen(["true"], stdin: Stdio.Pipe).Stdin!;
}
