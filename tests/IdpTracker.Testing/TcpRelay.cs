using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace IdpTracker.Testing;

/// <summary>
/// A TCP relay in front of a real server, so a test can make that server unreachable for one
/// client (Cut: open connections reset, new ones refused) and bring it back (Restore).
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private TcpListener? _listener;
    private CancellationTokenSource _cts = new();

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
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, cancellationToken);
            var a = inbound.GetStream().CopyToAsync(outbound.GetStream(), cancellationToken);
            var b = outbound.GetStream().CopyToAsync(inbound.GetStream(), cancellationToken);
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

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
