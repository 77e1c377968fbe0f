using Akka.Actor;
using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>A <see cref="CurioTask"/> whose body returns a <typeparamref name="T"/>.</summary>
public sealed class CurioTask<T> : CurioTask
{
    internal CurioTask(KernelCore core, Func<Task<T>> body, bool daemon, string? name, CurioTask? parent)
        : base(core, body, daemon, name, parent) { }

    /// <summary>The body's result; see <see cref="CurioTask.Result"/>.</summary>
    public new T Result => (T)base.Result!;

    /// <summary>Waits for the task and returns its result; see <see cref="CurioTask.JoinAsync"/>.</summary>
    public new async ValueTask<T> JoinAsync() => (T)(await base.JoinAsync())!;

    private protected override object? ResultOf(Task body) => ((Task<T>)body).GetAwaiter().GetResult();
}
