namespace Curio.Actors;

/// <summary>Checks shared by the Universal* primitives.</summary>
internal static class UniversalGuards
{
    /// <summary>A blocking thread call made from a task would freeze its kernel thread: refuse it clearly.</summary>
    internal static void NotInTask(string operation, string asyncName)
    {
        if (CurioTask.Current is { } t && !Async.IsAsyncThread) // an async thread may block: the kernel runs on
            throw new InvalidOperationException(
                $"{operation} blocks the calling thread and was called from task {t.Id} ({t.Name}); a task must await {asyncName} instead.");
    }
}
