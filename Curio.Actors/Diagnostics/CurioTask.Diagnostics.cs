using System.Text;
using Curio.Actors.Diagnostics;
using Curio.Actors.Engine;

namespace Curio.Actors;

public partial class CurioTask
{
    private Task? _bodyTask;
    private int _terminatedHook;
    private object? _spawnSiteOrWatch; // the spawn site (a TaskFrame, with CaptureSpawnSites) until the end, then the never-joined watch

    /// <summary>The kernel's activations and this task's telemetry, or null: what the task's actor calls around each slice.</summary>
    internal TaskHooks? Hooks;

    /// <summary>Set by library code that collects the task's end itself (a server's handlers): no "never joined" warning.</summary>
    internal bool Supervised;

    /// <summary>The exception the body ended with, without the check of <see cref="Exception"/>.</summary>
    internal Exception? Error => _exception;

    /// <summary>True when code outside the kernel will collect the outcome: a notify actor, or someone asked for <see cref="Completion"/>.</summary>
    internal bool Observed => _notify is not null || Volatile.Read(ref _completion) is not null;

    /// <summary>Where the task was spawned (the first frame outside the library), kept with <see cref="KernelOptions.CaptureSpawnSites"/>.</summary>
    internal TaskFrame? SpawnSite
    {
        get => _spawnSiteOrWatch switch { TaskFrame f => f, NeverJoined w => w.Site, _ => null };
        set => _spawnSiteOrWatch = value;
    }

    /// <summary>Set by the end of the body when nobody has joined the task yet: the warning if it is collected unjoined.</summary>
    internal NeverJoined? LeakWatch
    {
        get => _spawnSiteOrWatch as NeverJoined;
        set => _spawnSiteOrWatch = value;
    }

    /// <summary>The outcome was collected (a join, a read of Result, a cancel of the ended task): no "never joined" warning.</summary>
    internal void MarkJoined()
    {
        _joined = true;
        if (_spawnSiteOrWatch is NeverJoined w) w.Dismiss();
    }

    /// <summary>True once: the activations' Terminated hook is due.</summary>
    internal bool ClaimTerminatedHook() => Interlocked.Exchange(ref _terminatedHook, 1) == 0;

    /// <summary>Curio's repr, without the frame walk of <see cref="ToString"/>: what tracers print.</summary>
    internal string Repr => $"CurioTask(id={Id}, name={Name}, state={State})";

    /// <summary>
    /// Where the task is waiting (Curio's <c>where</c>): the deepest async frame of the task's own code (not
    /// Curio.Actors' internals) with the source file and line of its await, or null for a task that has not
    /// started, has ended, or whose frames cannot be read. Reads the suspended state machines by reflection and
    /// the assembly's PDB for the line: costly, and only paid when called. Racy by nature on a running task.
    /// </summary>
    public TaskFrame? Where()
    {
        var frames = _terminated ? [] : AsyncFrames.Walk(_bodyTask);
        for (var i = frames.Count - 1; i >= 0; i--)
            if (!AsyncFrames.IsLibrary(frames[i].Machine)) return frames[i].Frame;
        return frames.Count > 0 ? frames[^1].Frame : null;
    }

    /// <summary>
    /// The chain of the task's suspended async frames, outermost (the body) first, down to the wait it is parked in,
    /// Curio.Actors' own frames included (Curio's <c>traceback</c> as frames). Empty when the task is not suspended.
    /// </summary>
    public IReadOnlyList<TaskFrame> Frames() => _terminated ? [] : AsyncFrames.Walk(_bodyTask).ConvertAll(f => f.Frame);

    /// <summary>
    /// Curio's <c>traceback()</c>: the suspended frames formatted as a stack, one <c>File "f", line n, in m</c> line
    /// per frame, outermost first, ending with the state the task is parked in.
    /// </summary>
    public string Traceback()
    {
        var sb = new StringBuilder();
        foreach (var f in Frames())
            sb.Append("  File \"").Append(f.File ?? "?").Append("\", line ").Append(f.Line).Append(", in ").AppendLine(f.Method);
        sb.Append("  ").Append(State);
        if (DescribeWait() is { } on) sb.Append(" on ").Append(on);
        return sb.ToString();
    }

    /// <summary>A snapshot of the task's state, what it waits on, cycles, time in state and time left of its timeout and sleep.</summary>
    public TaskSnapshot Snapshot()
    {
        var now = Core.Clock;
        var wait = CurrentWait;
        TimeSpan? sleep = wait is SleepNode s && !s.IsDone ? Max0(((ITimeEntry)s).Deadline - now) : null;
        TimeSpan? timeout = Timeout is { } d ? Max0(d - now) : null;
        var inState = Core.Time.GetElapsedTime(Volatile.Read(ref _stateSince));
        return new TaskSnapshot(Id, Name, ParentId, State, DescribeWait(), Cycles, inState, timeout, sleep, Daemon);
    }

    internal string? DescribeWait() => CurrentWait switch
    {
        null => null,
        SleepNode => "sleep",
        { On: CurioTask t } => $"task {t.Id} ({t.Name})", // never the target's ToString: that walks its frames
        { On: { } o } => o.ToString(),
        _ => null,
    };

    private static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;
}
