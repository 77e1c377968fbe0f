using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using Curio.Actors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Hosting;

/// <summary>A kernel in a .NET generic host: from dependency injection, logging through MEL, stopped by the host.</summary>
public sealed class HostingSpecs
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>Collects what reaches Microsoft.Extensions.Logging.</summary>
    private sealed class Collector : ILoggerProvider, ILogger
    {
        public readonly ConcurrentQueue<(string Category, LogLevel Level, string Text)> Lines = new();
        private string _category = "";
        public ILogger CreateLogger(string categoryName) => new Collector { _category = categoryName, Sink = Sink ?? Lines };
        private ConcurrentQueue<(string, LogLevel, string)>? Sink { get; init; }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            (Sink ?? Lines).Enqueue((_category, logLevel, formatter(state, exception)));
        public void Dispose() { }
    }

    /// <summary>The user's service: a main task that works until the host stops it.</summary>
    private sealed class Worker(Kernel kernel, ConcurrentQueue<string> log) : CurioBackgroundService(kernel)
    {
        protected override async Task ExecuteAsync()
        {
            log.Enqueue("worker started");
            try { await Sleep(TimeSpan.FromMinutes(10)); }
            catch (CancelledError e) { log.Enqueue("worker " + e.GetType().Name); throw; }
        }
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within the limit");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task AddCurioKernel_gives_a_kernel_that_the_host_shuts_down_newest_first_within_the_grace()
    {
        var log = new ConcurrentQueue<string>();
        var collector = new Collector();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(collector);
        builder.Services.AddSingleton(log);
        builder.Services.AddCurioKernel(shutdownGrace: TimeSpan.FromSeconds(1));
        builder.Services.AddHostedService<Worker>();
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(Limit);
        var kernel = host.Services.GetRequiredService<Kernel>();
        Assert.Same(host.Services.GetRequiredService<ActorSystem>(), kernel.System);
        var worker = (Worker)host.Services.GetServices<IHostedService>().Single(s => s is Worker);
        // the oldest ignores the shutdown: the others are cancelled before it, then the grace runs out on it
        var stubborn = kernel.Spawn(async () =>
        {
            using (DisableCancellation()) await Sleep(TimeSpan.FromMinutes(10));
        }, name: "stubborn");
        foreach (var name in new[] { "older", "newer" })
        {
            kernel.Spawn(async () =>
            {
                try { await Sleep(TimeSpan.FromMinutes(10)); }
                catch (CancelledError) { log.Enqueue(name + " cancelled"); throw; }
            }, name: name);
        }
        kernel.Spawn(() => throw new InvalidOperationException("crashed on purpose"), name: "crasher");
        await Until(() => log.Contains("worker started"));

        await host.StopAsync().WaitAsync(Limit);

        // the service's main task first (the host stops it before Akka), then the kernel: newest first
        Assert.Equal(new[] { "worker started", "worker TaskCancelled", "newer cancelled", "older cancelled" }, log);
        Assert.IsType<TaskCancelled>(worker.MainTask!.Exception);
        Assert.False(stubborn.Terminated);
        Assert.True(kernel.System.WhenTerminated.IsCompleted);
        // Curio's log reached Microsoft.Extensions.Logging: the crash and the abandoned task
        // (Akka's logger runs on its own actor: a line may arrive just after the stop returned)
        await Until(() => collector.Lines.Any(l => l.Level == LogLevel.Error && l.Text.Contains("Task Crash") && l.Text.Contains("crasher")));
        await Until(() => collector.Lines.Any(l => l.Level == LogLevel.Warning && l.Text.Contains("stubborn") && l.Text.Contains("abandoned")));
    }

    [Fact]
    public async Task WithCurioKernel_puts_the_kernel_in_the_users_own_Akka_Hosting_system()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAkka("users-system", b => b.WithCurioKernel(new KernelOptions { Scheduling = SchedulingMode.Parallel }));
        builder.Services.AddCurioKernel();
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(Limit);
        var kernel = host.Services.GetRequiredService<Kernel>();
        Assert.Equal("users-system", kernel.System.Name);
        Assert.Equal(SchedulingMode.Parallel, kernel.Options.Scheduling);
        var answer = await kernel.Spawn(async () => { await Sleep(TimeSpan.FromMilliseconds(1)); return 42; }).Completion.WaitAsync(Limit);
        Assert.Equal(42, answer);
        await host.StopAsync().WaitAsync(Limit);
        Assert.True(kernel.IsShutDown);
    }
}
