using System.Runtime.ExceptionServices;
using Curio.Actors.Engine;

namespace Curio.Actors;

public sealed partial class Kernel
{
    /// <summary>
    /// <c>Run</c>'s main task: launches it, waits for it, shuts down and rethrows its exception; with signals handled,
    /// a SIGINT or SIGTERM meanwhile shuts the kernel down at once and becomes <see cref="KeyboardInterrupt"/> (or a
    /// return), and the waits stop at the grace. The trap is set before main starts, so no signal meets the default.
    /// </summary>
    private async Task<T> RunMainAsync<T>(CurioTask<T> main, KernelOptions options)
    {
        using var trap = options.HandleSignals ? new InterruptTrap(this, options.InterruptGrace) : null;
        _core.Launch(main);
        ExceptionDispatchInfo? failure = null;
        T result = default!;
        if (trap is not null) await Task.WhenAny(main.Completion, trap.GraceOver).ConfigureAwait(false);
        if (trap is null || main.Completion.IsCompleted)
        {
            try { result = (T)(await main.Completion.ConfigureAwait(false))!; }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
        }
        if (trap is null) await ShutdownAsync().ConfigureAwait(false);
        else await Task.WhenAny(ShutdownAsync(), trap.GraceOver).ConfigureAwait(false);
        if (trap?.Signal is { } signal)
        {
            var abandoned = Tasks.Where(t => !t.Terminated).OrderByDescending(t => t.Id).Select(t => $"task {t.Id} ({t.Name})").ToList();
            if (!options.ThrowOnInterrupt) return result;
            var inner = failure?.SourceException is CancelledError ? null : failure?.SourceException;
            var message = abandoned.Count == 0 ? null
                : $"{signal}: the program was interrupted; still running after the {options.InterruptGrace.TotalSeconds:0.###} s grace: {string.Join(", ", abandoned)}";
            throw new KeyboardInterrupt(signal, message, inner) { Abandoned = abandoned };
        }
        failure?.Throw();
        return result;
    }
}
