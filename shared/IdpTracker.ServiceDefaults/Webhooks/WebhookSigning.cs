using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IdpTracker.ServiceDefaults.Webhooks;

/// <summary>
/// How a webhook is signed and checked. Each subscription's secret is derived from the deployment's signing key, the
/// subscription id and a version (raised to rotate it), so Reporting can show it to the coordinator once and
/// Notifications can sign with it, without the secret being stored or travelling on the bus.
/// The signature is HMAC-SHA256 over "{timestamp}.{body}" with the secret, sent as "sha256={hex}"; the timestamp is
/// Unix seconds, and receivers refuse one older than five minutes, so a captured request cannot be replayed later.
/// </summary>
public static class WebhookSigning
{
    public const string TimestampHeader = "X-IdpTracker-Timestamp";
    public const string SignatureHeader = "X-IdpTracker-Signature";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string SecretFor(byte[] signingKey, Guid subscriptionId, int version) =>
        "whsec_" + Base64Url(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes($"webhook:{subscriptionId:N}:{version}")));

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>What a receiver does: the signature matches and the timestamp is within five minutes of its clock.</summary>
    public static bool Verify(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || signature is null) return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance) return false;
        var expected = Encoding.UTF8.GetBytes(Sign(secret, seconds, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(signature));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed class WebhookOptions
{
    /// <summary>Base64 of 32 random bytes, the same for Reporting and Notifications (./idp secrets makes one).</summary>
    public string? SigningKey { get; set; }
    /// <summary>Development and tests only: allows plain http. Otherwise webhooks go over https only.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Development and tests only: allows receivers on loopback, private or reserved addresses. Otherwise webhooks go to
    /// public addresses only, checked when the address is given and after DNS at every send.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    public byte[] Key => string.IsNullOrWhiteSpace(SigningKey)
        ? throw new InvalidOperationException("Webhooks:SigningKey is not configured.")
        : Convert.FromBase64String(SigningKey);
}
