namespace Curio.Actors.Net;

/// <summary>Something parked on a connection buffer: a Curio task's wait node or a .NET async waiter (TLS adapter).</summary>
internal interface IWaker
{
    void Wake();
}
