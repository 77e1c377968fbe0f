namespace Curio.Actors;

/// <summary>
/// An exception raised by the function that <see cref="Async.RunInProcess{TResult}(Func{TResult})"/> ran in a
/// worker process. .NET exceptions cannot travel between processes, so the remote one arrives as its type name and
/// message; its full text, with the worker's stack trace, is the <see cref="RemoteTraceback"/> inner exception
/// (Curio sets <c>__cause__</c> to a <c>RemoteTraceback</c> the same way). The worker stays in the pool.
/// </summary>
public sealed class RemoteException : CurioError
{
    /// <summary>Creates the exception.</summary>
    public RemoteException(string remoteType, string remoteMessage, string method, RemoteTraceback traceback)
        : base($"{method} raised {remoteType} in a worker process: {remoteMessage}", traceback)
    {
        RemoteType = remoteType;
        RemoteMessage = remoteMessage;
        Method = method;
    }

    /// <summary>The same for a task that ran on another node (Curio.Actors.Remote's SpawnRemote): <paramref name="where"/> says where.</summary>
    internal RemoteException(string remoteType, string remoteMessage, string method, RemoteTraceback traceback, string where)
        : base($"{method} raised {remoteType} {where}: {remoteMessage}", traceback)
    {
        RemoteType = remoteType;
        RemoteMessage = remoteMessage;
        Method = method;
    }

    /// <summary>The full name of the exception's type in the worker (for example System.DivideByZeroException).</summary>
    public string RemoteType { get; }

    /// <summary>The remote exception's message.</summary>
    public string RemoteMessage { get; }

    /// <summary>The method that raised it, as Type.Method.</summary>
    public string Method { get; }

    /// <summary>The worker's text of the exception: type, message, stack trace and inner exceptions.</summary>
    public string RemoteStackTrace => ((RemoteTraceback)InnerException!).Message;
}
