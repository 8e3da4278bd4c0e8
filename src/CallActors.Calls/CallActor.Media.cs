using CallActors.Calls.Insights;
using CallActors.Calls.Media;
using CallActors.Calls.Status;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls;

/// <summary>The call's media: the relay session opened at the start, the periodic samples (a timeline of
/// <see cref="MediaStatsSampled"/> events), the media timeout, and the insights view.</summary>
public sealed partial class CallActor
{
    private const string MediaSampleTimerKey = "media-sample";
    private const string MediaCheckTimerKey = "media-check";

    /// <summary>How often the media timeout looks at the legs' packet counters.</summary>
    private static readonly TimeSpan MediaCheckInterval = TimeSpan.FromSeconds(1);

    private IMediaSession _media = PassThroughMediaSession.Instance;
    private MediaStatsSampled? _lastMediaSample;
    private int _mediaSamples;
    private readonly long[] _rtpSeen = new long[2];
    private readonly DateTimeOffset[] _rtpSeenAt = new DateTimeOffset[2];

    private void RecoverMedia(MediaStatsSampled sampled)
    {
        _lastMediaSample = sampled;
        _mediaSamples++;
    }

    /// <summary>Opens the call's media before the callee is dialled; false (the caller got 503) when the relay has no
    /// ports left.</summary>
    private bool OpenMedia()
    {
        try
        {
            _media = _services.Media.Open(_callId);
            return true;
        }
        catch (MediaUnavailableException e)
        {
            LogMediaUnavailable(_logger, _callId, e.Message);
            RespondToCaller(503, "Media Unavailable");
            Advance(new Rejected(503, SipHangupCauses.FromSipCode(503), Now));
            return false;
        }
    }

    private void StartMediaTimers()
    {
        Timers.StartPeriodicTimer(MediaSampleTimerKey, SampleMedia.Instance, _services.Options.MediaSampleInterval);
        if (_services.Options.MediaTimeout > TimeSpan.Zero)
        {
            var now = Now;
            var activity = _media.Activity;
            foreach (var leg in (ReadOnlySpan<CallLeg>)[CallLeg.Caller, CallLeg.Callee])
            {
                _rtpSeen[(int)leg] = activity.RtpPacketsFrom(leg);
                _rtpSeenAt[(int)leg] = now;
            }
            Timers.StartPeriodicTimer(MediaCheckTimerKey, CheckMedia.Instance, MediaCheckInterval);
        }
    }

    private void OnSampleMedia()
    {
        if (!IsEnded)
        {
            RecordMediaSample(final: false);
        }
    }

    /// <summary>A leg whose RTP counter has not moved for the media timeout ends the call (BYE to both legs). A call on
    /// hold is silent by design, so holding restarts the clock.</summary>
    private void OnCheckMedia()
    {
        if (IsEnded || !IsAnswered)
        {
            return;
        }
        var now = Now;
        var activity = _media.Activity;
        foreach (var leg in (ReadOnlySpan<CallLeg>)[CallLeg.Caller, CallLeg.Callee])
        {
            var seen = activity.RtpPacketsFrom(leg);
            if (seen != _rtpSeen[(int)leg] || activity.OnHold || _caller.Held || _callee.Held)
            {
                _rtpSeen[(int)leg] = seen;
                _rtpSeenAt[(int)leg] = now;
            }
            else if (now - _rtpSeenAt[(int)leg] >= _services.Options.MediaTimeout)
            {
                LogMediaTimeout(_logger, _callId, leg.ToWireName(), _services.Options.MediaTimeout.TotalSeconds);
                SendBye(_caller);
                SendBye(_callee);
                Advance(new HungUp(HangupSource.MediaTimeout, now));
                return;
            }
        }
    }

    private void RecordMediaSample(bool final)
    {
        if (_media.Sample() is not { } sample)
        {
            return;
        }
        var sampled = new MediaStatsSampled(Now, final, sample);
        _lastMediaSample = sampled;
        _mediaSamples++;
        PersistAsync(sampled, _ => { });
    }

    /// <summary>The call ended: its final figures are recorded (before <see cref="CallEnded"/>) and the ports released.</summary>
    private void CloseMedia()
    {
        Timers.Cancel(MediaSampleTimerKey);
        Timers.Cancel(MediaCheckTimerKey);
        RecordMediaSample(final: true);
        _media.Dispose();
        _media = PassThroughMediaSession.Instance;
    }

    /// <summary>However the actor stops (passivation, a journal failure, the node stopping), the ports go back.</summary>
    protected override void PostStop()
    {
        // A capture cut short keeps its files: the next start encodes them (ResumeRecordings).
        _capture?.DisposeAsync().AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
        _media.Dispose();
        base.PostStop();
    }

    /// <summary>The media figures as of now: a live sample while the call runs, else the last one recorded.</summary>
    private MediaStatsSampled? LatestMedia() =>
        !IsEnded && _media.Sample() is { } live ? new MediaStatsSampled(Now, false, live) : _lastMediaSample;

    private CallInsights BuildInsights()
    {
        var started = _started!;
        var status = _status!;
        MediaMetrics? media = null;
        var updatedAt = new[] { status.CreatedAt, status.RingingAt, status.AnsweredAt, status.EndedAt }.Max()!.Value;
        var live = IsEnded ? null : _media.Sample();
        if (live is not null)
        {
            media = new MediaMetrics(Now, false, _mediaSamples, live.Caller, live.Callee);
        }
        else if (_lastMediaSample is { } last)
        {
            media = new MediaMetrics(last.At, last.Final, _mediaSamples, last.Media.Caller, last.Media.Callee);
            updatedAt = last.At > updatedAt ? last.At : updatedAt;
        }
        return new CallInsights(
            Id: started.CallId,
            ChannelId: started.CalleeCallId,
            From: started.From,
            To: started.To,
            Direction: "incoming",
            Status: status.Status.ToWireName(),
            Type: "sip",
            Duration: status.Duration is { } duration ? (long)duration.TotalSeconds : null,
            HangupCauseCode: status.HangupCause is { } cause ? SipHangupCauses.ToQ850Code(cause) : null,
            HangupCause: status.HangupCause,
            HangupSource: status.HangupSource?.ToWireName(),
            HangupSipCode: status.FinalSipCode?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CreatedAt: status.CreatedAt,
            UpdatedAt: updatedAt,
            RingingAt: status.RingingAt,
            AnsweredAt: status.AnsweredAt,
            EndedAt: status.EndedAt,
            SignallingMetrics: new SignallingMetrics(
                status.Pdd?.TotalMilliseconds,
                started.Node,
                started.Route,
                started.CallerUserAgent,
                HostOf(started.RemoteSignallingAddress)!,
                HostOf(media?.Caller.RemoteMediaAddress)),
            MediaMetrics: media);
    }

    /// <summary>The IP of an <c>ip:port</c> (the seed's <c>remote…Ip</c> fields carry no port).</summary>
    private static string? HostOf(string? endPoint) =>
        System.Net.IPEndPoint.TryParse(endPoint ?? string.Empty, out var parsed) ? parsed.Address.ToString() : endPoint;

    private sealed record SampleMedia
    {
        public static SampleMedia Instance { get; } = new();
    }

    private sealed record CheckMedia
    {
        public static CheckMedia Instance { get; } = new();
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Call {CallId}: refused with 503, the media relay cannot anchor it ({Problem})")]
    private static partial void LogMediaUnavailable(ILogger logger, string callId, string problem);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Call {CallId}: media timeout, no RTP from the {Leg} for {Seconds} s; hanging up both legs")]
    private static partial void LogMediaTimeout(ILogger logger, string callId, string leg, double seconds);
}
