using System.Collections.Concurrent;
using System.Reflection;

namespace Curio.Actors;

/// <summary>
/// Curio re-raises a worker's exception as its own type, caused by a <see cref="RemoteTraceback"/>. Here the type is
/// found by name among the loaded assemblies and built with its (message, inner) constructor; a type that cannot be
/// found or built, or a cancellation (which would pass for a cancel of the waiting task), comes back as
/// <see cref="RemoteException"/> instead.
/// </summary>
internal static class RemoteErrors
{
    private static readonly ConcurrentDictionary<string, ConstructorInfo?> s_constructors = new();

    internal static Exception Rebuild(string remoteType, string message, string method, RemoteTraceback traceback)
    {
        if (s_constructors.GetOrAdd(remoteType, Find) is { } ctor)
        {
            try
            {
                var e = (Exception)ctor.Invoke([message, traceback]);
                e.Data["RemoteMethod"] = method;
                return e;
            }
            catch (TargetInvocationException) { } // a constructor that refuses its arguments: fall back
        }
        return new RemoteException(remoteType, message, method, traceback);
    }

    private static ConstructorInfo? Find(string name)
    {
        var type = Type.GetType(name, throwOnError: false)
            ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name, throwOnError: false)).FirstOrDefault(t => t is not null);
        if (type is null || type.IsAbstract || !typeof(Exception).IsAssignableFrom(type) || typeof(OperationCanceledException).IsAssignableFrom(type))
            return null;
        return type.GetConstructor([typeof(string), typeof(Exception)]);
    }
}
