using Curio.Actors;
using static Curio.Actors.Async;

namespace HowTo.Recipes;

/// <summary>How does a coroutine get its enclosing Task instance?</summary>
public static class CurrentTaskRecipe
{
    static async Task Func()
    {
        var myself = CurrentTask;
        Console.WriteLine($"I am task {myself.Id} ({myself.Name})");
        // Once you have a reference to the task, it can be passed around; another task can cancel it.
        await Sleep(TimeSpan.FromSeconds(10));
    }

    [Recipe("current-task", "current_task(): a task finds itself; another task cancels it")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        var t = Spawn(Func, name: "func");
        await Sleep(TimeSpan.FromMilliseconds(50));
        await t.CancelAsync();
        Console.WriteLine($"Cancelled task {t.Id}: cancelled={t.Cancelled}, state={t.State}");
    });
}
