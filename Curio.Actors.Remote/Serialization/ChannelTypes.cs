using System.Collections.Concurrent;
using System.Text.Json;

namespace Curio.Actors.Remote;

/// <summary>
/// The allow-list of user types that <see cref="ChannelConnection.SendAsync"/> and
/// <see cref="ChannelConnection.RecvAsync"/> carry besides the built-in ones (null, bool, int, long, double, string,
/// byte[], and int[], long[], double[], string[], object?[] of those). A registered type travels as its registered
/// name plus the bytes its encoder made; on receipt only that name selects the decoder: no type name from the wire is
/// ever resolved. Both processes must register the same names. Registration is process-wide and thread-safe.
/// </summary>
public static class ChannelTypes
{
    internal sealed record Entry(string Name, Type Type, Func<object, byte[]> Encode, Func<ReadOnlyMemory<byte>, object?> Decode);

    private static readonly ConcurrentDictionary<string, Entry> s_byName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Type, Entry> s_byType = new();

    /// <summary>
    /// Allows <typeparamref name="T"/> on Channels under <paramref name="name"/>, with your own encoder and decoder.
    /// Registering the same name again for the same type replaces the codec; for another type it is an error.
    /// </summary>
    public static void Register<T>(string name, Func<T, byte[]> encode, Func<ReadOnlyMemory<byte>, T> decode)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(encode);
        ArgumentNullException.ThrowIfNull(decode);
        if (System.Text.Encoding.UTF8.GetByteCount(name) > 255)
            throw new ArgumentException("A Channel type name is at most 255 UTF-8 bytes.", nameof(name));
        var entry = new Entry(name, typeof(T), o => encode((T)o), m => decode(m));
        lock (s_byName)
        {
            if (s_byName.TryGetValue(name, out var old) && old.Type != typeof(T))
                throw new ArgumentException($"The Channel type name '{name}' is already registered for {old.Type}.", nameof(name));
            if (s_byType.TryGetValue(typeof(T), out var prior) && prior.Name != name) s_byName.TryRemove(prior.Name, out _);
            s_byName[name] = entry;
            s_byType[typeof(T)] = entry;
        }
    }

    /// <summary>
    /// Allows <typeparamref name="T"/> (typically a record) under <paramref name="name"/>, encoded with System.Text.Json.
    /// Only <typeparamref name="T"/>'s own declared members are read back; the JSON carries no type names.
    /// </summary>
    public static void RegisterJson<T>(string name, JsonSerializerOptions? options = null) =>
        Register<T>(name,
            v => JsonSerializer.SerializeToUtf8Bytes(v, options),
            m => JsonSerializer.Deserialize<T>(m.Span, options)!);

    /// <summary>Removes a registration (mainly for tests). False if the name was not registered.</summary>
    public static bool Unregister(string name)
    {
        lock (s_byName)
        {
            if (!s_byName.TryRemove(name, out var e)) return false;
            s_byType.TryRemove(e.Type, out _);
            return true;
        }
    }

    /// <summary>True if <paramref name="type"/> is registered.</summary>
    public static bool IsRegistered(Type type) => s_byType.ContainsKey(type);

    internal static Entry? ByType(Type t) => s_byType.TryGetValue(t, out var e) ? e : null;
    internal static Entry? ByName(string n) => s_byName.TryGetValue(n, out var e) ? e : null;
}
