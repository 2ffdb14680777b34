using System.Net;
using System.Net.Sockets;

namespace IdpTracker.ServiceDefaults.Webhooks;

/// <summary>
/// Where a webhook may go: a receiver on the internet, never the services, their databases, the broker or a cloud
/// metadata endpoint. Checked when a coordinator gives the address (so the mistake is seen at once) and again, after
/// DNS, each time Notifications connects (a name can be pointed inside later).
/// </summary>
public static class WebhookAddresses
{
    public const int MaxLength = 320;

    /// <summary>What is wrong with an address given for a subscription, or null when it may be used.</summary>
    public static async Task<string?> ProblemAsync(string url, WebhookOptions options, CancellationToken cancellationToken)
    {
        url = url.Trim();
        if (url.Length > MaxLength) return $"Keep the address under {MaxLength} characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "Give the receiver's absolute https address.";
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !options.AllowHttp) return "Webhooks are sent over https only.";
        if (uri.UserInfo.Length > 0) return "Leave the user name and password out of the address; the receiver checks the signature instead.";
        if (string.IsNullOrWhiteSpace(options.SigningKey)) return "Webhooks are not set up on this server (Webhooks:SigningKey).";
        if (options.AllowPrivateAddresses) return null;

        const string inside = "This address is not on the internet (a loopback, private, link-local or reserved address); webhooks go to public receivers only.";
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) && IsPublic(literal) ? null : inside;
        }
        if (uri.IdnHost.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || !uri.IdnHost.Contains('.'))
        {
            return inside;
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            var addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, timeout.Token);
            return addresses.All(IsPublic) ? null : inside;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // A receiver whose name does not resolve yet is accepted; every send checks again where it points.
            return null;
        }
    }

    /// <summary>Whether an address is one of the internet's, and not loopback, private, shared, link-local, documentation, benchmark or multicast.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork) return IsPublicV4(b);
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;

        // NAT64 (64:ff9b::/96, 64:ff9b:1::/48) and 6to4 (2002::/16) carry an IPv4 address that decides.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return IsPublicV4(b[12..16]) && (b[4] | b[5]) is 0 or 1;
        if (b[0] == 0x20 && b[1] == 0x02) return IsPublicV4(b[2..6]);
        return !(IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None)
                 || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                 || (b[0] & 0xFE) == 0xFC // unique local fc00::/7
                 || b.Take(12).All(x => x == 0) // IPv4-compatible ::/96
                 || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) // documentation 2001:db8::/32
                 || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) // Teredo 2001::/32
                 || (b[0] == 0x01 && b[1] == 0x00 && b.Skip(2).Take(6).All(x => x == 0))); // discard 100::/64
    }

    private static bool IsPublicV4(byte[] b) =>
        !(b[0] is 0 or 10 or 127 || b[0] >= 224
          || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // shared (carrier-grade NAT) 100.64.0.0/10
          || (b[0] == 169 && b[1] == 254) // link-local, cloud metadata
          || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
          || (b[0] == 192 && b[1] == 168)
          || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, TEST-NET-1
          || (b[0] == 192 && b[1] == 88 && b[2] == 99) // 6to4 relay
          || (b[0] == 198 && b[1] is 18 or 19) // benchmarking 198.18.0.0/15
          || (b[0] == 198 && b[1] == 51 && b[2] == 100) || (b[0] == 203 && b[1] == 0 && b[2] == 113)); // TEST-NET-2 and -3
}
