namespace CallActors.Sip.Sdp;

/// <summary>The media direction attributes of RFC 4566 §6 / RFC 3264 §5.1; <see cref="SendRecv"/> when none is given.</summary>
public enum SdpDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

/// <summary>The attribute names of <see cref="SdpDirection"/>.</summary>
public static class SdpDirectionNames
{
    public static string ToAttributeName(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendRecv => "sendrecv",
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    /// <summary>The direction an attribute name stands for; false for any other attribute.</summary>
    public static bool TryParse(string attributeName, out SdpDirection direction)
    {
        switch (attributeName)
        {
            case "sendrecv":
                direction = SdpDirection.SendRecv;
                return true;
            case "sendonly":
                direction = SdpDirection.SendOnly;
                return true;
            case "recvonly":
                direction = SdpDirection.RecvOnly;
                return true;
            case "inactive":
                direction = SdpDirection.Inactive;
                return true;
            default:
                direction = SdpDirection.SendRecv;
                return false;
        }
    }
}
