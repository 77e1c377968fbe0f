namespace Curio.Actors.TestKit;

/// <summary>Placeholder until the TestKit issue lands: a manual virtual clock.</summary>
internal sealed class VirtualClockPlaceholder;
