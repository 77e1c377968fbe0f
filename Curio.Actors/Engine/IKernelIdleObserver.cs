namespace Curio.Actors.Engine;

/// <summary>Something that acts when a kernel goes idle: a virtual clock that jumps to the next timer.</summary>
internal interface IKernelIdleObserver
{
    /// <summary>Called (on any thread) when every task of <paramref name="kernel"/> is parked and nothing is in flight.</summary>
    void KernelIdle(KernelCore kernel);
}
