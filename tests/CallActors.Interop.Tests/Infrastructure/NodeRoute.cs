namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>One entry of <c>callactors.sip.routes</c>; the target may use <c>${user}</c> and <c>;transport=tcp</c>;
/// <paramref name="RecordCall"/> is the route's record-call object as HOCON (e.g. <c>{ format = wav }</c>);
/// <paramref name="MatchUser"/> the route's match-user regex (empty: every user).</summary>
internal sealed record NodeRoute(string Name, string Target, TimeSpan? RingTimeout = null, string? RecordCall = null, string? MatchUser = null);
