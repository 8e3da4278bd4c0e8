using System.Collections.Frozen;

namespace CallActors.Sip.Messages;

/// <summary>Canonical SIP header names, with the compact forms of RFC 3261 §7.3.3 and its extensions mapped to them.</summary>
public static class SipHeaderNames
{
    public const string Accept = "Accept";
    public const string Allow = "Allow";
    public const string AllowEvents = "Allow-Events";
    public const string Authorization = "Authorization";
    public const string CallId = "Call-ID";
    public const string Contact = "Contact";
    public const string ContentDisposition = "Content-Disposition";
    public const string ContentEncoding = "Content-Encoding";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string CSeq = "CSeq";
    public const string Event = "Event";
    public const string Expires = "Expires";
    public const string From = "From";
    public const string MaxForwards = "Max-Forwards";
    public const string MinExpires = "Min-Expires";
    public const string ProxyAuthenticate = "Proxy-Authenticate";
    public const string ProxyAuthorization = "Proxy-Authorization";
    public const string ProxyRequire = "Proxy-Require";
    public const string Reason = "Reason";
    public const string RecordRoute = "Record-Route";
    public const string ReferTo = "Refer-To";
    public const string ReferredBy = "Referred-By";
    public const string Replaces = "Replaces";
    public const string Require = "Require";
    public const string RetryAfter = "Retry-After";
    public const string Route = "Route";
    public const string Server = "Server";
    public const string SessionExpires = "Session-Expires";
    public const string Subject = "Subject";
    public const string SubscriptionState = "Subscription-State";
    public const string Supported = "Supported";
    public const string To = "To";
    public const string Unsupported = "Unsupported";
    public const string UserAgent = "User-Agent";
    public const string Via = "Via";
    public const string WwwAuthenticate = "WWW-Authenticate";

    private static readonly FrozenDictionary<string, string> Compact = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["i"] = CallId, ["m"] = Contact, ["e"] = ContentEncoding, ["l"] = ContentLength, ["c"] = ContentType,
        ["f"] = From, ["s"] = Subject, ["k"] = Supported, ["t"] = To, ["v"] = Via, ["r"] = ReferTo,
        ["b"] = ReferredBy, ["o"] = Event, ["u"] = AllowEvents, ["x"] = SessionExpires,
        ["a"] = "Accept-Contact", ["j"] = "Reject-Contact", ["d"] = "Request-Disposition",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string> Known = new[]
    {
        Accept, Allow, AllowEvents, Authorization, CallId, Contact, ContentDisposition, ContentEncoding,
        ContentLength, ContentType, CSeq, Event, Expires, From, MaxForwards, MinExpires, ProxyAuthenticate,
        ProxyAuthorization, ProxyRequire, Reason, RecordRoute, ReferTo, ReferredBy, Replaces, Require, RetryAfter,
        Route, Server, SessionExpires, Subject, SubscriptionState, Supported, To, Unsupported, UserAgent, Via,
        WwwAuthenticate, "Accept-Contact", "Reject-Contact", "Request-Disposition", "Accept-Encoding",
        "Accept-Language", "Alert-Info", "Call-Info", "Content-Language", "Date", "Error-Info", "In-Reply-To",
        "MIME-Version", "Organization", "Priority", "Reply-To", "Timestamp", "Warning", "RSeq", "RAck",
        "P-Asserted-Identity", "Privacy", "Min-SE",
    }.ToFrozenDictionary(n => n, n => n, StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical spelling of a header name: compact forms expanded, known names in their RFC casing,
    /// unknown names as given (they still compare case-insensitively).</summary>
    public static string Canonicalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 1 && Compact.TryGetValue(name, out var full))
        {
            return full;
        }
        return Known.TryGetValue(name, out var known) ? known : name;
    }

    /// <summary>Canonical name from the raw bytes of a header line, without allocating for known names.</summary>
    public static string Canonicalize(ReadOnlySpan<char> name)
    {
        if (name.Length == 1 && Compact.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var full))
        {
            return full;
        }
        return Known.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var known) ? known : name.ToString();
    }

    /// <summary>Headers whose values may not be split on commas (RFC 3261 §7.3.1): the authentication headers.</summary>
    public static bool IsSingleValued(string canonicalName) =>
        canonicalName is WwwAuthenticate or Authorization or ProxyAuthenticate or ProxyAuthorization;
}
