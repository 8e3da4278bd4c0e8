using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CallActors.Edge.Accounts;

/// <summary>
/// Issues and checks <c>X-Auth-Token</c>s: the account id and an expiry, signed with HMAC-SHA256 under the node's
/// secret (a file in the data folder, mode 0600). Nothing is stored per token, so a restart keeps tokens valid until
/// they expire; deleting the account ends them at once (the edge checks the account still exists).
/// </summary>
public sealed class AuthTokens
{
    private const string Prefix = "v1.";
    private const int PayloadLength = 16 + 8;
    private readonly byte[] _key;

    public AuthTokens(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("the token key needs at least 32 bytes", nameof(key));
        }
        _key = key;
    }

    /// <summary>The node's token key from <paramref name="path"/>, created (0600) on first use.</summary>
    public static AuthTokens FromKeyFile(string path)
    {
        if (!File.Exists(path))
        {
            var key = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            try
            {
                using var stream = new FileStream(path, options);
                stream.Write(key);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
            }
        }
        return new AuthTokens(File.ReadAllBytes(path));
    }

    public string Issue(string accountId, DateTimeOffset expiresAt)
    {
        if (!AccountRules.IsAccountId(accountId))
        {
            throw new ArgumentException($"'{accountId}' is not an account id", nameof(accountId));
        }
        Span<byte> payload = stackalloc byte[PayloadLength];
        Convert.FromHexString(accountId, payload[..16], out _, out _);
        BinaryPrimitives.WriteInt64BigEndian(payload[16..], expiresAt.ToUnixTimeSeconds());
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, payload, mac);
        return Prefix + Base64Url(payload) + "." + Base64Url(mac);
    }

    /// <summary>The account id a token was issued to, or null when the token is malformed, forged or expired.</summary>
    public string? Validate(string? token, DateTimeOffset now)
    {
        if (token is null || token.Length > 128 || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var body = token.AsSpan(Prefix.Length);
        var dot = body.IndexOf('.');
        if (dot < 0)
        {
            return null;
        }
        Span<byte> payload = stackalloc byte[PayloadLength + 4];
        Span<byte> mac = stackalloc byte[32 + 4];
        if (!TryDecode(body[..dot], payload, PayloadLength) || !TryDecode(body[(dot + 1)..], mac, 32))
        {
            return null;
        }
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(_key, payload[..PayloadLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac[..32]))
        {
            return null;
        }
        var expires = BinaryPrimitives.ReadInt64BigEndian(payload[16..PayloadLength]);
        return now.ToUnixTimeSeconds() >= expires ? null : Convert.ToHexStringLower(payload[..16]);
    }

    /// <summary>Decodes exactly <paramref name="length"/> bytes; anything else (wrong length, characters outside the
    /// base64url alphabet, which the decoder reports by throwing) is not a token of ours.</summary>
    private static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, int length)
    {
        try
        {
            return System.Buffers.Text.Base64Url.TryDecodeFromChars(text, destination, out var written) && written == length;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
