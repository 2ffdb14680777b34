using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace IdpTracker.Registration.PersonalData;

public sealed class PersonalDataOptions
{
    /// <summary>Base64 of 32 random bytes. From the environment or a secrets file, never from the repository.</summary>
    public string EncryptionKey { get; set; } = "";
    /// <summary>Base64 of 32 random bytes, different from the encryption key.</summary>
    public string BlindIndexKey { get; set; } = "";
    /// <summary>Written with every ciphertext, so keys can be rotated.</summary>
    public string KeyId { get; set; } = "k1";
}

/// <summary>
/// Names and phone numbers are stored only as AES-256-GCM ciphertext bound to their table, column
/// and row (a ciphertext copied to another row does not decrypt), and looked up through keyed
/// hashes (HMAC-SHA256) of their matching keys. A dump of the database shows no name.
/// </summary>
public sealed class PersonalDataProtector : IDisposable
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;
    private readonly byte[] _indexKey;
    private readonly string _keyId;

    /// <summary>
    /// One cipher a thread, kept: setting up the key is most of the cost of decrypting a name (a page of fifty
    /// households is about three hundred of them), and a cipher may not be used by two threads at once.
    /// </summary>
    private readonly ThreadLocal<AesGcm> _aes;

    public PersonalDataProtector(IOptions<PersonalDataOptions> options)
    {
        _key = ReadKey(options.Value.EncryptionKey, "PersonalData:EncryptionKey");
        _indexKey = ReadKey(options.Value.BlindIndexKey, "PersonalData:BlindIndexKey");
        if (_key.AsSpan().SequenceEqual(_indexKey)) throw new InvalidOperationException("The encryption key and the blind index key must differ.");
        _keyId = options.Value.KeyId;
        _aes = new ThreadLocal<AesGcm>(() => new AesGcm(_key, TagSize), trackAllValues: true);
    }

    public string Protect<T>(T value, string table, string column, Guid rowId)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.Web);
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _aes.Value!.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), Aad(table, column, rowId));
        CryptographicOperations.ZeroMemory(plaintext);
        return $"v1:{_keyId}:{Convert.ToBase64String(output)}";
    }

    public T Unprotect<T>(string protectedValue, string table, string column, Guid rowId)
    {
        var parts = protectedValue.Split(':', 3);
        if (parts.Length != 3 || parts[0] != "v1") throw new CryptographicException("Unknown personal data format.");
        if (parts[1] != _keyId) throw new CryptographicException($"Personal data was encrypted with key '{parts[1]}', which is not configured.");
        var input = Convert.FromBase64String(parts[2]);
        var plaintext = new byte[input.Length - NonceSize - TagSize];
        _aes.Value!.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize, plaintext.Length), input.AsSpan(NonceSize + plaintext.Length), plaintext,
            Aad(table, column, rowId));
        var value = JsonSerializer.Deserialize<T>(plaintext, JsonSerializerOptions.Web)!;
        CryptographicOperations.ZeroMemory(plaintext);
        return value;
    }

    /// <summary>A keyed hash of a matching key: equal keys give equal hashes, and nothing can be read back.</summary>
    public byte[] BlindIndex(string key) => HMACSHA256.HashData(_indexKey, Encoding.UTF8.GetBytes(key))[..16];

    public void Dispose()
    {
        foreach (var aes in _aes.Values) aes.Dispose();
        _aes.Dispose();
    }

    private static byte[] Aad(string table, string column, Guid rowId) => Encoding.UTF8.GetBytes($"{table}|{column}|{rowId:N}");

    private static byte[] ReadKey(string base64, string setting)
    {
        byte[] key;
        try { key = Convert.FromBase64String(base64); }
        catch (FormatException) { key = []; }
        return key.Length == 32
            ? key
            : throw new InvalidOperationException($"{setting} must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`).");
    }
}
