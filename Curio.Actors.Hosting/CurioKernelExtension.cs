using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Event;
using Microsoft.Extensions.Logging;

namespace Curio.Actors.Hosting;

/// <summary>
/// The kernel of a hosted ActorSystem, made on first use (an Akka extension: one per system). Its shutdown is a task
/// of Akka's CoordinatedShutdown in the phase service-stop, so the host's stop (SIGTERM, Ctrl-C, StopAsync), which
/// Akka.Hosting turns into CoordinatedShutdown, cancels the tasks newest first before remoting, a cluster or the
/// Channels go. A task still running after the grace is abandoned: logged, and left to the ActorSystem's end.
/// </summary>
internal sealed class CurioKernelExtension : IExtension
{
    private CurioKernelExtension(ExtendedActorSystem system)
    {
        var setup = system.Settings.Setup.Get<CurioKernelSetup>();
        var options = setup.HasValue ? setup.Value.Options : new KernelOptions();
        var grace = setup.HasValue ? setup.Value.ShutdownGrace : CurioHostingExtensions.DefaultShutdownGrace;
        Kernel = Kernel.Create(system, options);
        var log = Logging.GetLogger(system, "curio.hosting");
        // Straight to Microsoft.Extensions.Logging when the host gave one: Akka's logger is an actor, and a line
        // published this late in the shutdown can be lost with it.
        ILogger? direct = null;
        try { direct = DependencyResolver.For(system).Resolver.GetService<ILoggerFactory>()?.CreateLogger("Curio.Actors.Hosting"); }
        catch (Exception) { } // no dependency resolver: not a hosted system
        var kernel = Kernel;
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceStop, "curio-kernel-shutdown", async () =>
        {
            var shutdown = kernel.ShutdownAsync();
            if (await Task.WhenAny(shutdown, Task.Delay(grace)).ConfigureAwait(false) != shutdown)
            {
                foreach (var t in kernel.Tasks.Where(t => t.Name != "_shutdown_tasks").OrderByDescending(t => t.Id)) // not the kernel's own reaper
                {
                    const string text = "Curio kernel shutdown: task {0} ({1}) still {2} after the {3} s grace; abandoned";
                    if (direct is not null) direct.LogWarning(text, t.Id, t.Name, t.State, grace.TotalSeconds);
                    else log.Warning(text, t.Id, t.Name, t.State, grace.TotalSeconds);
                }
            }
            return Akka.Done.Instance;
        });
    }

    internal Kernel Kernel { get; }

    internal static Kernel Of(ActorSystem system) => system.WithExtension<CurioKernelExtension, Provider>().Kernel;

    internal sealed class Provider : ExtensionIdProvider<CurioKernelExtension>
    {
        public override CurioKernelExtension CreateExtension(ExtendedActorSystem system) => new(system);
    }
}
