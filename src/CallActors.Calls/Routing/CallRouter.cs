using CallActors.Sip.Messages;

namespace CallActors.Calls.Routing;

/// <summary>Picks the first route that matches an INVITE's Request-URI (user by regex, host by domain).</summary>
public sealed class CallRouter
{
    private readonly IReadOnlyList<CallRoute> _routes;

    public CallRouter(IReadOnlyList<CallRoute> routes) => _routes = routes;

    public IReadOnlyList<CallRoute> Routes => _routes;

    /// <summary>The route and target for <paramref name="requestUri"/>, or null when no route matches or the filled-in
    /// target is not a valid URI (<paramref name="problem"/> says which).</summary>
    public RoutedCall? Match(SipUri requestUri, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        problem = null;
        var user = Uri.UnescapeDataString(requestUri.User ?? string.Empty);
        foreach (var route in _routes)
        {
            if (route.Domain is { Length: > 0 } domain && !string.Equals(domain, requestUri.Host, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (route.UserPattern is { } pattern && !pattern.IsMatch(user))
            {
                continue;
            }
            return Through(route, requestUri.User, out problem);
        }
        problem = $"no route for '{requestUri}'";
        return null;
    }

    /// <summary>A party the node dials on its own account (a transfer target, a click-to-call party): a SIP URI, or a
    /// number taken as <c>sip:number@host</c>, matched like a Request-URI. Only a route of
    /// <paramref name="accountId"/>, or of no account, may take it; null with the reason otherwise.</summary>
    public RoutedCall? Dial(string party, string host, string? accountId, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(party);
        SipUri uri;
        if (party.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
        {
            if (!SipUri.TryParse(party, out uri, out var error))
            {
                problem = $"not a valid SIP URI ({error})";
                return null;
            }
        }
        else if (!SipUri.TryParse($"sip:{Uri.EscapeDataString(party)}@{host}", out uri, out _))
        {
            problem = "not a number or SIP URI";
            return null;
        }
        var routed = Match(uri, out problem);
        if (routed is not null && !Serves(routed.Route, accountId))
        {
            problem = $"no route for '{uri}'";
            return null;
        }
        return routed;
    }

    /// <summary>Whether <paramref name="route"/> may carry calls of <paramref name="accountId"/>: its own, or any
    /// when it names no account.</summary>
    public static bool Serves(CallRoute route, string? accountId)
    {
        ArgumentNullException.ThrowIfNull(route);
        return string.IsNullOrEmpty(route.AccountId) || string.Equals(route.AccountId, accountId, StringComparison.Ordinal);
    }

    /// <summary>The user part of a party: a SIP URI's user, or the party itself (a number).</summary>
    public static string? UserOf(string party)
    {
        ArgumentNullException.ThrowIfNull(party);
        return party.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) && SipUri.TryParse(party, out var uri, out _) ? uri.User : party;
    }

    /// <summary>The route named <paramref name="name"/> (a click-to-call trunk), or null.</summary>
    public CallRoute? Find(string name) => _routes.FirstOrDefault(route => string.Equals(route.Name, name, StringComparison.Ordinal));

    /// <summary><paramref name="route"/>'s target for <paramref name="user"/>, or null when the filled-in target is not
    /// a valid SIP URI (<paramref name="problem"/> says why).</summary>
    public static RoutedCall? Through(CallRoute route, string? user, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(route);
        problem = null;
        var target = route.TargetTemplate.Replace("${user}", user ?? string.Empty, StringComparison.Ordinal);
        if (!SipUri.TryParse(target, out var uri, out var error) || !uri.IsSip)
        {
            problem = $"route '{route.Name}' gives an invalid target '{target}': {error ?? "not a sip: URI"}";
            return null;
        }
        return new RoutedCall(route, uri);
    }
}
