namespace CallActors.Calls.Inspection;

/// <summary>The values of <see cref="CallFinding.Severity"/>.</summary>
public static class CallFindingSeverities
{
    /// <summary>The call failed or a user heard (or would hear) the problem.</summary>
    public const string Error = "error";

    /// <summary>Something worth a look that did not break the call by itself.</summary>
    public const string Warning = "warning";

    /// <summary>Normal behaviour worth noting (a cancel, an authentication challenge).</summary>
    public const string Info = "info";
}
