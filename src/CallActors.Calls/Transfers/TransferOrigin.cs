namespace CallActors.Calls.Transfers;

/// <summary>What started a transfer: a request to the API, or a REFER an endpoint sent on one of the call's legs.</summary>
public enum TransferOrigin
{
    Api,
    Refer,
}

/// <summary>The names the API and the events use for <see cref="TransferOrigin"/>.</summary>
public static class TransferOriginNames
{
    public static string ToWireName(this TransferOrigin origin) => origin switch
    {
        TransferOrigin.Api => "api",
        TransferOrigin.Refer => "refer",
        _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, null),
    };

    /// <summary>The origin a wire name stands for; false for any other name.</summary>
    public static bool TryParse(string? name, out TransferOrigin origin) => WireNames.TryParse(name, ToWireName, out origin);
}
