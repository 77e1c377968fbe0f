namespace Curio.Actors.Net;

/// <summary>
/// A <see cref="Stream"/> over an Akka.Streams connection, for <see cref="System.Net.Security.SslStream"/>. Reads and
/// writes are fully asynchronous (waiters woken by the stream stages); no thread is ever blocked, so the synchronous
/// members throw.
/// </summary>
internal sealed class ConnectionStream(Connection connection) : Stream
{
    private readonly NetReadWaiter _readWaiter = new(connection.Inbox, connection.TlsGate);
    private readonly NetWaiter _writeWaiter = new();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        connection.Inbox.ReadNetAsync(buffer, _readWaiter);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = connection.Outbox.TryWrite(buffer.Span);
        return n == buffer.Length ? default : WriteSlowAsync(buffer[n..]);
    }

    private async ValueTask WriteSlowAsync(ReadOnlyMemory<byte> rest)
    {
        while (rest.Length > 0)
        {
            await connection.Outbox.WaitForRoomNetAsync(_writeWaiter).ConfigureAwait(false);
            rest = rest[connection.Outbox.TryWrite(rest.Span)..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("A Curio connection stream is asynchronous only.");

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("A Curio connection stream is asynchronous only.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) connection.Close();
        base.Dispose(disposing);
    }
}
