using Akka.Actor.Setup;

namespace Curio.Actors.Hosting;

/// <summary>
/// What <see cref="CurioHostingExtensions.WithCurioKernel"/> hands to the ActorSystem it configures: the kernel's
/// options and the grace its shutdown gets (an Akka <see cref="Setup"/>, so it travels with the system).
/// </summary>
internal sealed class CurioKernelSetup(KernelOptions options, TimeSpan shutdownGrace) : Setup
{
    internal KernelOptions Options { get; } = options;
    internal TimeSpan ShutdownGrace { get; } = shutdownGrace;
}
