using System.Collections.Concurrent;

namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>
/// The loopback addresses one test owns: 127.0.X.1 for the node, .2 for the UAS (callee), .3 for the UAC (caller),
/// .4 for a softphone; X in 3..40, one X per test, so that tests run in parallel with each other and with anything
/// listening on 127.0.0.1:5060.
/// </summary>
internal sealed class Loopback
{
    public const int FirstSubnet = 3;
    public const int LastSubnet = 40;

    private static readonly ConcurrentDictionary<int, bool> Claimed = new();

    private Loopback(int subnet) => Subnet = subnet;

    public int Subnet { get; }

    public string Node => Address(1);

    public string Uas => Address(2);

    public string Uac => Address(3);

    public string Phone => Address(4);

    /// <summary>Claims 127.0.<paramref name="subnet"/>.0/24 for the calling test; a second claim is a bug in the tests.</summary>
    public static Loopback Claim(int subnet)
    {
        if (subnet is < FirstSubnet or > LastSubnet)
        {
            throw new ArgumentOutOfRangeException(nameof(subnet), subnet, $"interop tests use 127.0.X.0/24 with X in {FirstSubnet}..{LastSubnet}");
        }

        if (!Claimed.TryAdd(subnet, true))
        {
            throw new InvalidOperationException($"127.0.{subnet}.0/24 is already used by another test: give each test its own subnet");
        }

        return new Loopback(subnet);
    }

    private string Address(int host) => $"127.0.{Subnet}.{host}";
}
