using Microsoft.Extensions.Hosting;

namespace Curio.Actors.Hosting;

/// <summary>
/// A long-running Curio main task in a .NET host, like <see cref="BackgroundService"/>: at the host's start
/// <see cref="ExecuteAsync"/> runs as a task of the <see cref="Kernel"/>, so it can sleep, spawn, use task groups,
/// sockets and Channels; at the host's stop the task is cancelled (<see cref="TaskCancelled"/> at its current or next
/// blocking call) and waited for, as long as the host allows. If it fails, the kernel logs it ("Task Crash") and, given
/// an <see cref="IHostApplicationLifetime"/>, the host is stopped (BackgroundService's StopHost behaviour).
/// Register it after the kernel (<c>services.AddCurioKernel(); services.AddHostedService&lt;MyService&gt;();</c>) so
/// that it stops before the kernel does.
/// </summary>
public abstract class CurioBackgroundService : IHostedService
{
    private readonly IHostApplicationLifetime? _lifetime;

    /// <summary>A service whose main task runs on <paramref name="kernel"/>.</summary>
    protected CurioBackgroundService(Kernel kernel, IHostApplicationLifetime? lifetime = null)
    {
        Kernel = kernel ?? throw new ArgumentNullException(nameof(kernel));
        _lifetime = lifetime;
    }

    /// <summary>The kernel the main task runs on.</summary>
    protected Kernel Kernel { get; }

    /// <summary>The main task, once the host started the service.</summary>
    public CurioTask? MainTask { get; private set; }

    /// <summary>The main task's body: runs as a Curio task until it returns or is cancelled.</summary>
    protected abstract Task ExecuteAsync();

    /// <inheritdoc />
    public virtual Task StartAsync(CancellationToken cancellationToken)
    {
        var task = Kernel.Spawn(ExecuteAsync, name: GetType().Name);
        MainTask = task;
        if (_lifetime is { } lifetime)
            _ = task.Completion.ContinueWith(t => { if (t.IsFaulted && t.Exception?.InnerException is not CancelledError) lifetime.StopApplication(); },
                TaskScheduler.Default);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public virtual async Task StopAsync(CancellationToken cancellationToken)
    {
        if (MainTask is not { Terminated: false } task) return;
        try { await task.CancelAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { } // the host stopped waiting: the kernel's shutdown takes over
    }
}
