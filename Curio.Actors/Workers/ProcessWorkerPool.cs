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
    protected override ProcessWorker CreateWorker() => ProcessWorker.Start();

    protected override void Dispatch(ProcessWorker worker, IPoolCall call) => _ = RunAsync(worker, (IProcessCall)call);

    protected override void OnRetired(ProcessWorker worker, bool busy) => worker.Kill();

    private async Task RunAsync(ProcessWorker worker, IProcessCall call)
    {
        // Every await here is ConfigureAwait(false): after the first write, this runs on the .NET thread pool.
        while (true)
        {
            byte[] response;
            try
            {
                response = await worker.CallAsync(call.Request).ConfigureAwait(false);
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
    /// <summary>The serialised request frame.</summary>
    byte[] Request { get; }

    /// <summary>The method, for error messages.</summary>
    string What { get; }

    /// <summary>Wakes the waiter with the decoded response: the result, or a <see cref="RemoteException"/>.</summary>
    void Complete(byte[] response);

    /// <summary>Wakes the waiter with an error.</summary>
    void Fail(Exception error);
}

/// <summary>The wait of a task in RunInProcess. A cancellation abandons the call, which kills its worker.</summary>
internal sealed class ProcessCallNode<T>(CurioTask owner, ProcessWorkerPool pool, byte[] request, string what)
    : WaitNode<T>(owner), IProcessCall
{
    public PoolWorker? Worker { get; set; }

    // Work on a worker keeps the kernel busy: a virtual clock must not jump past it.
    internal override bool IsOutsideWork => true;

    public byte[] Request { get; } = request;

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
                TryFault(new RemoteException(response.ErrorType ?? "?", response.ErrorMessage ?? "", What,
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
