using System.Net;
using System.Net.Sockets;

namespace IdpTracker.Testing;

public static class FreePort
{
    // Below Linux's ephemeral range (32768-60999), so an outgoing connection cannot take a port
    // between the moment it is chosen here and the moment a service binds it.
    private const int First = 20000;
    private const int Last = 29999;

    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken; try another
            }
        }
        throw new InvalidOperationException($"No free port between {First} and {Last}.");
    }
}
