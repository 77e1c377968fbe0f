using System.Text.Json;
using Curio.Actors.Engine;
using Curio.Actors.Worker;

namespace Curio.Actors;

/// <summary>
/// A kernel's pool of worker processes, started on first use and reused. A cancelled call kills its worker at
/// once; a worker that dies fails its call with <see cref="BrokenWorkerError"/>; either way the next call gets a
/// fresh process.
/// </summary>
internal sealed class ProcessWorkerPool(int max) : WorkerPool<ProcessWorker>(max)
{
    // Every worker started and not yet reaped, zombies included: a close waits for all of them. Under the lock.
    private readonly HashSet<ProcessWorker> _unreaped = [];
    private Task? _closed;

    protected override ProcessWorker CreateWorker()
    {
        var worker = ProcessWorker.Start();
        _unreaped.Add(worker);
        _ = worker.Reaped.ContinueWith(_ => { lock (Gate) _unreaped.Remove(worker); }, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return worker;
    }

    // Called on the kernel's strand: everything from the request's encoding on runs on the thread pool.
    protected override void Dispatch(ProcessWorker worker, IPoolCall call) => _ = Task.Run(() => RunAsync(worker, (IProcessCall)call));

    protected override void OnRetired(ProcessWorker worker, bool busy) => worker.Kill();

    // A call still running when its kernel has stopped has no one left to cancel it: its worker is killed too.
    protected override void OnClosing()
    {
        foreach (var worker in _unreaped.ToArray())
        {
            if (worker.Retired || worker.Current is not IProcessCall call) continue;
            Retire(worker, busy: true);
            call.Fail(new InvalidOperationException("The kernel shut down while this call ran in a worker process."));
        }
    }

    /// <summary>
    /// Closes the pool (see <see cref="WorkerPool{TWorker}.Close"/>) and completes once every worker it started
    /// has been killed and reaped. Idempotent.
    /// </summary>
    internal Task CloseAsync()
    {
        Close();
        lock (Gate) return _closed ??= WhenReaped(_unreaped.Select(w => w.Reaped).ToArray());
    }

    // Each reaping is bounded already; this bound keeps a shutdown from hanging on a start that never happened.
    private static async Task WhenReaped(Task[] reaped)
    {
        try { await Task.WhenAll(reaped).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false); }
        catch (TimeoutException) { }
    }

    private async Task RunAsync(ProcessWorker worker, IProcessCall call)
    {
        // Every await here is ConfigureAwait(false): this runs on the .NET thread pool.
        while (true)
        {
            byte[] request, response;
            try
            {
                request = call.Encode();
            }
            catch (ArgumentException e)
            {
                // An argument that cannot be serialised: the worker never saw the call and serves the next one.
                var after = OnCallDone(worker);
                call.Fail(e);
                if (after is not IProcessCall afterCall) return;
                call = afterCall;
                continue;
            }
            try
            {
                response = await worker.CallAsync(request).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                if (!worker.Retired) call.Fail(await worker.DiedError(call.What, e).ConfigureAwait(false));
                OnWorkerBroken(worker);
                return;
            }
            // Back in the pool before the caller wakes, so that its next call finds this worker idle.
            var next = OnCallDone(worker);
            call.Complete(response);
            if (next is not IProcessCall nextCall) return;
            call = nextCall;
        }
    }
}

/// <summary>A call that runs in a worker process.</summary>
internal interface IProcessCall : IPoolCall
{
    /// <summary>Serialises the request frame (off the kernel's strand); an <see cref="ArgumentException"/> if an argument cannot be.</summary>
    byte[] Encode();

    /// <summary>The method, for error messages.</summary>
    string What { get; }

    /// <summary>Wakes the waiter with the decoded response: the result, or the worker's exception rebuilt (<see cref="RemoteErrors"/>).</summary>
    void Complete(byte[] response);

    /// <summary>Wakes the waiter with an error.</summary>
    void Fail(Exception error);
}

/// <summary>The wait of a task in RunInProcess. A cancellation abandons the call, which kills its worker.</summary>
internal sealed class ProcessCallNode<T>(CurioTask owner, ProcessWorkerPool pool, Func<byte[]> encode, string what)
    : WaitNode<T>(owner), IProcessCall
{
    public PoolWorker? Worker { get; set; }

    // Work on a worker keeps the kernel busy: a virtual clock must not jump past it.
    internal override bool IsOutsideWork => true;

    public byte[] Encode() => encode();

    public string What { get; } = what;

    public void Complete(byte[] frame)
    {
        try
        {
            var response = JsonSerializer.Deserialize<WorkerResponse>(frame, WorkerJson.Options)
                ?? throw new InvalidDataException("Empty worker response.");
            if (response.Ok)
            {
                var value = response.Result is { } r ? r.Deserialize<T>(WorkerJson.Options) : default;
                TryWake(value!);
            }
            else
            {
                TryFault(RemoteErrors.Rebuild(response.ErrorType ?? "?", response.ErrorMessage ?? "", What,
                    new RemoteTraceback(response.ErrorDetail ?? "")));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            TryFault(new CurioError($"The result of {What} could not be read as {typeof(T).Name}: {e.Message}", e));
        }
    }

    public void Fail(Exception error) => TryFault(error);

    protected override void Unregister() => pool.Abandon(this);
}
