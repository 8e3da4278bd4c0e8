using System.Text.RegularExpressions;

namespace CallActors.Calls.Routing;

/// <summary>One static route (hocon/sip.conf): which INVITEs it takes (Request-URI user by regex and/or domain) and
/// where the callee leg goes (<c>${user}</c> in the target is replaced by the Request-URI user).</summary>
public sealed record CallRoute(
    string Name,
    Regex? UserPattern,
    string? Domain,
    string TargetTemplate,
    string? AccountId,
    TimeSpan RingTimeout)
{
    /// <summary>The route's record_call: every answered call of the route is recorded with these settings.</summary>
    public Recording.RecordingRequest? RecordCall { get; init; }
}

/// <summary>A route chosen for an INVITE, with its target URI filled in.</summary>
public sealed record RoutedCall(CallRoute Route, Sip.Messages.SipUri Target);
