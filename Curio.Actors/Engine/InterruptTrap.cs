using System.Runtime.InteropServices;

namespace Curio.Actors.Engine;

/// <summary>
/// SIGINT and SIGTERM while <c>Kernel.Run</c> runs: the first shuts the kernel down (every task cancelled, newest
/// first) and starts the grace; a second is left to the runtime's default action, which ends the process at once.
/// </summary>
internal sealed class InterruptTrap : IDisposable
{
    private readonly Kernel _kernel;
    private readonly TimeSpan _grace;
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TaskCompletionSource _graceOver = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _signals;
    private volatile object? _signal; // the first PosixSignal, boxed so that it can be volatile

    internal InterruptTrap(Kernel kernel, TimeSpan grace)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);
        _kernel = kernel;
        _grace = grace;
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }.Select(Register).OfType<PosixSignalRegistration>()];
    }

    // A platform without the signal (a browser, a mobile OS) runs without this trap.
    private PosixSignalRegistration? Register(PosixSignal signal)
    {
        try { return PosixSignalRegistration.Create(signal, OnSignal); }
        catch (PlatformNotSupportedException) { return null; }
    }

    /// <summary>The first signal, or null.</summary>
    internal PosixSignal? Signal => (PosixSignal?)_signal;

    /// <summary>Completes when the grace after the first signal has run out.</summary>
    internal Task GraceOver => _graceOver.Task;

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) > 1) return; // not cancelled: the runtime's default ends the process
        context.Cancel = true;
        _signal = context.Signal;
        _ = _kernel.ShutdownAsync();
        if (_grace != Timeout.InfiniteTimeSpan) _ = Task.Delay(_grace).ContinueWith(_ => _graceOver.TrySetResult(), TaskScheduler.Default);
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
