using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CallActors.Calls.ReadModel;

/// <summary>The opaque start key of a page of calls: the (created-at ticks, call id) of the last row of the page before,
/// as URL-safe base64 of a version byte, the ticks (big-endian), the call id (UTF-8) and a 4-byte checksum.</summary>
/// <remarks>The key is no secret and grants nothing (the query's account scope still applies to the next page); the
/// checksum is there so an edited or truncated key fails loudly instead of silently skipping or repeating calls.</remarks>
internal readonly record struct CallPageKey(long CreatedAtTicks, string CallId)
{
    private const byte Version = 1;
    private const int HeaderLength = 1 + sizeof(long);
    private const int ChecksumLength = 4;
    private const int MaxKeyLength = 2048;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string Encode()
    {
        var idLength = StrictUtf8.GetByteCount(CallId);
        var bytes = new byte[HeaderLength + idLength + ChecksumLength];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), CreatedAtTicks);
        StrictUtf8.GetBytes(CallId, bytes.AsSpan(HeaderLength));
        Checksum(bytes.AsSpan(0, bytes.Length - ChecksumLength), bytes.AsSpan(bytes.Length - ChecksumLength));
        return Base64Url.EncodeToString(bytes);
    }

    /// <exception cref="FormatException">The key is not one <see cref="Encode"/> made.</exception>
    public static CallPageKey Decode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length > MaxKeyLength)
        {
            throw Invalid("it is too long");
        }
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(key);
        }
        catch (FormatException)
        {
            throw Invalid("it is not URL-safe base64");
        }
        if (bytes.Length < HeaderLength + ChecksumLength || bytes[0] != Version)
        {
            throw Invalid("its length or version is wrong");
        }
        Span<byte> expected = stackalloc byte[ChecksumLength];
        Checksum(bytes.AsSpan(0, bytes.Length - ChecksumLength), expected);
        if (!expected.SequenceEqual(bytes.AsSpan(bytes.Length - ChecksumLength)))
        {
            throw Invalid("its checksum does not match (edited or truncated)");
        }
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw Invalid("its time is out of range");
        }
        string callId;
        try
        {
            callId = StrictUtf8.GetString(bytes, HeaderLength, bytes.Length - HeaderLength - ChecksumLength);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid("its call id is not UTF-8");
        }
        return new CallPageKey(ticks, callId);
    }

    private static void Checksum(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        hash[..ChecksumLength].CopyTo(destination);
    }

    private static FormatException Invalid(string why) =>
        new($"The start key is not one a previous page returned: {why}. Start again without a start key.");
}
