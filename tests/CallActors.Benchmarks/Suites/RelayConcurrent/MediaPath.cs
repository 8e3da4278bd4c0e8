namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>Where the calls' audio went, as the SDP the harness's user agents received said.</summary>
internal enum MediaPath
{
    /// <summary>Every leg sent to the node's relay.</summary>
    Relay,

    /// <summary>Every leg sent to the other leg's socket: the node left the SDP alone.</summary>
    Direct,

    /// <summary>Some one way, some the other.</summary>
    Mixed,
}
