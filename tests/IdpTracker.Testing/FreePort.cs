using System.Net;
using System.Net.Sockets;

namespace IdpTracker.Testing;

public static class FreePort
{
    // Below Linux's ephemeral range (32768-60999), so an outgoing connection cannot take a port
    // between the moment it is chosen here and the moment a service binds it.
    private const int First = 20000;
    private const int Last = 29999;

    // A port is chosen well before its service binds it (a fixture picks every service's port, then starts
    // them), so a free port is not enough: it must also not have been handed out already in this test run.
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            lock (HandedOut)
            {
                if (HandedOut.Contains(port)) continue;
                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                }
                catch (SocketException)
                {
                    continue; // taken; try another
                }
                HandedOut.Add(port);
                return port;
            }
        }
        throw new InvalidOperationException($"No free port between {First} and {Last}.");
    }
}
