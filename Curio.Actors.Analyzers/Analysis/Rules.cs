namespace Curio.Actors.Analyzers;

/// <summary>The diagnostics of Curio.Actors' analyzers, one place for their ids and texts.</summary>
internal static class Rules
{
    private const string Category = "Curio.Actors";

    public static readonly DiagnosticDescriptor BlockingCall = new(
        "CURIO001",
        "Blocking call in a Curio task",
        "'{0}' blocks the kernel thread that runs every task; {1}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "A Curio task runs on the kernel's actors: a blocking call stops every other task of the kernel "
            + "and cannot be cancelled. Await Sleep, the async form of the call, or run it with RunInThread.");

    public static readonly DiagnosticDescriptor SwallowedCancellation = new(
        "CURIO002",
        "Catch clause swallows Curio's cancellation",
        "'{0}' in a Curio task also catches CancelledError (a cancel or a timeout) and does not rethrow it; "
            + "rethrow it, or catch CancelledError first with 'catch (CancelledError) {{ throw; }}'",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "CancelledError derives from OperationCanceledException, so a catch of Exception or "
            + "OperationCanceledException around a blocking call takes the cancellation meant for the task: "
            + "the task goes on running, and whoever cancelled it waits.");

    public static readonly DiagnosticDescriptor NotAwaited = new(
        "CURIO003",
        "Curio operation not awaited",
        "The {1} returned by '{0}' is dropped: the operation may never run to its end and its errors are lost; await it",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "Curio's blocking operations return a ValueTask or a Task that runs only as far as it is awaited; "
            + "dropping it loses its result and its exception (and a ValueTask must be awaited exactly once).");

    public static readonly DiagnosticDescriptor DiscardedResult = new(
        "CURIO004",
        "Lambda discards the result it awaits",
        "This lambda awaits '{0}' and discards its {1} result, so '{2}' gives no value; return it: 'return await ...'",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "A block lambda whose last statement is 'await Call();' returns a plain Task, so Spawn gives a "
            + "task whose Result is null and TimeoutAfter returns nothing; 'return await Call();' keeps the value.");

    public static readonly DiagnosticDescriptor GroupNotJoined = new(
        "CURIO005",
        "TaskGroup left without JoinAsync",
        "TaskGroup '{0}' is disposed without 'await {0}.JoinAsync()': leaving the block by its normal path cancels "
            + "its remaining tasks; join it before the block ends, or use TaskGroup.RunAsync",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "DisposeAsync cannot tell a normal exit from an exception, so it does what Curio does when the "
            + "block raises: it cancels the remaining tasks. The normal path must end with JoinAsync.");
}
