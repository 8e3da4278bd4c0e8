namespace CallActors.Media.Tests.Packets;

internal static class Hex
{
    /// <summary>Bytes from hex written in groups; spaces and line breaks are ignored.</summary>
    public static byte[] Bytes(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));
}
