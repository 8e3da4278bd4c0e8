using System.Net;
using CallActors.Media.Monitoring;
using CallActors.Media.Relay;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls.Media;

/// <summary>Anchors every call's media on the node's <see cref="MediaRelay"/>: a port pair per leg, SDP rewritten to
/// those ports, and a <see cref="MediaLegMonitor"/> per leg measuring what passes.</summary>
public sealed class RelayMediaAnchor : IMediaAnchor
{
    private readonly MediaRelay _relay;
    private readonly MediaMonitorOptions _monitorOptions;
    private readonly string _advertisedAddress;
    private readonly ILogger<RelayMediaSession> _logger;

    /// <param name="relay">The node's relay.</param>
    /// <param name="advertisedAddress">The address written into SDP (c= and o=): the relay's bind address unless the
    /// node sits behind a NAT.</param>
    /// <param name="monitorOptions">How the legs are measured.</param>
    /// <param name="loggerFactory">For the per-call media logs.</param>
    public RelayMediaAnchor(MediaRelay relay, IPAddress advertisedAddress, MediaMonitorOptions monitorOptions, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(advertisedAddress);
        ArgumentNullException.ThrowIfNull(monitorOptions);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _relay = relay;
        _monitorOptions = monitorOptions;
        _advertisedAddress = advertisedAddress.ToString();
        _logger = loggerFactory.CreateLogger<RelayMediaSession>();
    }

    public IMediaSession Open(string callId)
    {
        var session = new RelayMediaSession(callId, _advertisedAddress, _monitorOptions, _logger);
        try
        {
            session.Attach(_relay.Open(callId, session));
        }
        catch (RelayPortsExhaustedException e)
        {
            throw new MediaUnavailableException(e.Message, e);
        }
        return session;
    }
}
