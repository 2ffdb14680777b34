using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace IdpTracker.Testing;

/// <summary>
/// A TCP relay in front of a real server, so a test can make that server unreachable for one
/// client (Cut: open connections reset, new ones refused) and bring it back (Restore), or make it
/// silently stop answering (Freeze: every connection stays open and new ones are accepted, but no byte
/// goes through, as when a network path drops packets) and answer again (Thaw).
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private TcpListener? _listener;
    private CancellationTokenSource _cts = new();
    private volatile TaskCompletionSource _flowing = Flowing();

    public int Port { get; }

    public TcpRelay(int targetPort)
    {
        _targetPort = targetPort;
        Port = FreePort.Next();
        Restore();
    }

    public void Restore()
    {
        if (_listener is not null) return;
        _cts = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptLoop(_listener, _cts.Token);
    }

    public void Freeze()
    {
        if (_flowing.Task.IsCompleted) _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Thaw() => _flowing.TrySetResult();

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    public void Cut()
    {
        _cts.Cancel();
        _listener?.Stop();
        _listener = null;
        foreach (var client in _connections.Keys)
        {
            try
            {
                // Linger 0 sends a reset, as a dropped network path would look to the client.
                client.Client?.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0));
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { /* already closing */ }
            client.Close();
        }
        _connections.Clear();
    }

    private async Task AcceptLoop(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient inbound;
            try { inbound = await listener.AcceptTcpClientAsync(cancellationToken); }
            catch (Exception) { return; }
            _ = Pipe(inbound, cancellationToken);
        }
    }

    private async Task Pipe(TcpClient inbound, CancellationToken cancellationToken)
    {
        var outbound = new TcpClient();
        _connections[inbound] = 0;
        _connections[outbound] = 0;
        try
        {
            await _flowing.Task.WaitAsync(cancellationToken);
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, cancellationToken);
            var a = ForwardAsync(inbound.GetStream(), outbound.GetStream(), cancellationToken);
            var b = ForwardAsync(outbound.GetStream(), inbound.GetStream(), cancellationToken);
            await Task.WhenAny(a, b);
        }
        catch (Exception) { /* either side closed or the relay was cut */ }
        finally
        {
            inbound.Close();
            outbound.Close();
            _connections.TryRemove(inbound, out _);
            _connections.TryRemove(outbound, out _);
        }
    }

    private async Task ForwardAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            // Held while frozen: read but not passed on, as if lost on the way.
            await _flowing.Task.WaitAsync(cancellationToken);
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        Thaw();
        Cut();
        return ValueTask.CompletedTask;
    }
}
