namespace CallActors.Hocon.Configuration;

/// <summary>
/// HOCON text, e.g. a command-line override <c>callactors.sip.port = 5070</c> named <c>--set</c>.
/// </summary>
public sealed record HoconTextLayer(string Text, string OriginName = "<string>", string? IncludeBaseDirectory = null) : HoconLayer
{
    internal override HoconDocument Load() => HoconDocument.ParseString(Text, OriginName, IncludeBaseDirectory);
}
