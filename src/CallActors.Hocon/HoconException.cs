namespace CallActors.Hocon;

/// <summary>
/// A HOCON document cannot be read, parsed or resolved. The message starts with
/// <c>file:line:column: </c> so that editors and people can jump to the culprit.
/// </summary>
public sealed class HoconException : Exception
{
    public HoconException(HoconOrigin origin, string reason, Exception? innerException = null)
        : base($"{origin}: {reason}", innerException)
    {
        Origin = origin;
        Reason = reason;
    }

    public HoconOrigin Origin { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }

    public string File => Origin.File;

    public int Line => Origin.Line;

    public int Column => Origin.Column;
}
