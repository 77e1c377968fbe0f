using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Curio.Actors.Hosting;

/// <summary>A Curio <see cref="Kernel"/> in a .NET host (Microsoft.Extensions.Hosting, through Akka.Hosting).</summary>
public static class CurioHostingExtensions
{
    /// <summary>The grace the kernel's tasks get at the host's shutdown unless told otherwise.</summary>
    public static readonly TimeSpan DefaultShutdownGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gives the ActorSystem that Akka.Hosting builds a Curio kernel (<c>services.AddAkka("name", b =&gt;
    /// b.WithCurioKernel(options))</c>), started with the system. At the host's stop, Akka's CoordinatedShutdown runs
    /// the kernel's shutdown in its service-stop phase: tasks cancelled newest first, each waited for, within
    /// <paramref name="shutdownGrace"/> (default 5 s; the phase's timeout is raised to fit); tasks still running then are
    /// logged and abandoned. Akka.Hosting configures its builder only once the container is built, so to get the
    /// <see cref="Kernel"/> from dependency injection also call <see cref="AddCurioKernel"/>, which then only registers it.
    /// Route Akka's log, Curio's included, to Microsoft.Extensions.Logging with Akka.Hosting's
    /// <c>b.ConfigureLoggers(l =&gt; l.AddLoggerFactory())</c> (AddCurioKernel's own system does).
    /// </summary>
    public static AkkaConfigurationBuilder WithCurioKernel(this AkkaConfigurationBuilder builder, KernelOptions? options = null, TimeSpan? shutdownGrace = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var grace = shutdownGrace ?? DefaultShutdownGrace;
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero, nameof(shutdownGrace));
        var phaseTimeout = (long)Math.Ceiling((grace + TimeSpan.FromSeconds(2)).TotalMilliseconds);
        builder.AddHocon(ConfigurationFactory.ParseString($"akka.coordinated-shutdown.phases.service-stop.timeout = {phaseTimeout}ms"), HoconAddMode.Prepend);
        builder.AddSetup(new CurioKernelSetup(options ?? new KernelOptions(), grace));
        return builder.AddStartup((system, _) => CurioKernelExtension.Of(system));
    }

    /// <summary>
    /// Makes the <see cref="Kernel"/> a singleton of dependency injection. If the services already have an ActorSystem
    /// (a <c>services.AddAkka(...)</c> with <see cref="WithCurioKernel"/> before this call), its kernel; otherwise this
    /// adds an ActorSystem of its own named <paramref name="actorSystemName"/> through Akka.Hosting, with the kernel
    /// (<paramref name="options"/>, <paramref name="shutdownGrace"/>: see <see cref="WithCurioKernel"/>), its log going to
    /// Microsoft.Extensions.Logging, and <paramref name="configure"/> for anything else (HOCON, remoting, a cluster).
    /// </summary>
    public static IServiceCollection AddCurioKernel(this IServiceCollection services, KernelOptions? options = null,
        TimeSpan? shutdownGrace = null, string actorSystemName = "curio", Action<AkkaConfigurationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(ActorSystem)))
        {
            services.AddAkka(actorSystemName, b =>
            {
                b.ConfigureLoggers(l =>
                {
                    l.ClearLoggers();
                    l.AddLoggerFactory();
                });
                configure?.Invoke(b);
                b.WithCurioKernel(options, shutdownGrace);
            });
        }
        services.AddSingleton(sp => CurioKernelExtension.Of(sp.GetRequiredService<ActorSystem>()));
        return services;
    }
}
