namespace Curio.Actors.Net;

// The file side of a socket stream: makefile's read-only and write-only streams, which do not own their socket, and
// Curio's blocking() escape.
public sealed partial class SocketStream
{
    private readonly bool _canRead = true, _canWrite = true, _ownsSocket = true;
    private int _fileClosed;

    /// <summary>A stream made by <see cref="CurioSocket.MakeFile"/>: its closing leaves the socket open.</summary>
    internal SocketStream(CurioSocket socket, bool canRead, bool canWrite) : this(socket)
    {
        _canRead = canRead;
        _canWrite = canWrite;
        _ownsSocket = false;
    }

    /// <summary>True if the stream reads (a <see cref="CurioSocket.MakeFile"/> stream opened with "r" or without "w").</summary>
    public bool CanRead => _canRead;

    /// <summary>True if the stream writes (a <see cref="CurioSocket.MakeFile"/> stream opened with "w").</summary>
    public bool CanWrite => _canWrite;

    /// <summary>
    /// Hands out a plain synchronous <see cref="Stream"/> over the connection (Curio's stream <c>blocking()</c>),
    /// reading and writing as this stream may; see <see cref="CurioSocket.Blocking()"/>. Disposing it returns to
    /// async use and closes nothing.
    /// </summary>
    /// <exception cref="IOException">The stream's buffer holds unread bytes, which the blocking stream would lose
    /// ("There is unread buffered data."), or a task is reading or writing on the stream right now.</exception>
    public Stream Blocking()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _fileClosed) != 0, this);
        if (Buffered > 0) throw new IOException($"There is unread buffered data ({Buffered} bytes): read it before blocking use.");
        if (Volatile.Read(ref _reading) != 0 || Volatile.Read(ref _writing) != 0)
            throw new IOException("A task is reading or writing on this stream: blocking use would race it.");
        return _socket.Blocking(_canRead, _canWrite);
    }

    private void CheckMode(bool read)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _fileClosed) != 0, this);
        if (read ? !_canRead : !_canWrite) throw new NotSupportedException($"File or stream is not {(read ? "readable" : "writable")}.");
    }

    private ValueTask CloseFile()
    {
        Volatile.Write(ref _fileClosed, 1);
        return default;
    }
}
