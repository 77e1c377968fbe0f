using System.Text;

namespace Curio.Actors;

public static partial class Async
{
    /// <summary>
    /// An async file (Curio's <c>aopen</c>), with <c>open()</c>'s modes: <c>"r"</c>, <c>"w"</c>, <c>"a"</c>, <c>"x"</c>,
    /// with <c>"b"</c> for binary and <c>"+"</c> for reading and writing; text modes use <paramref name="encoding"/>
    /// (UTF-8 by default). <c>await using var f = await AOpen(path, "w");</c> opens it in a worker thread; without the
    /// <c>await</c> it opens on its first operation. Newlines are kept as they are in the file.
    /// </summary>
    public static AsyncFile AOpen(string path, string mode = "r", Encoding? encoding = null) => new(path, mode, encoding);
}
