using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallActors.Media.Relay;

/// <summary>The node's RTP/RTCP relay (rtpengine's userspace mode): opens a session of two legs per call and forwards
/// each leg's packets to the other from worker threads that drive the sockets with epoll and recvmmsg/sendmmsg.
/// Linux only.</summary>
public sealed class MediaRelay : IDisposable
{
    private readonly MediaRelayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _relearnAfterTimestamps;
    private readonly RelayPortAllocator _ports;
    private readonly RelayWorker[] _workers;
    private int _nextWorker;
    private int _disposed;

    public MediaRelay(MediaRelayOptions options, ILogger<MediaRelay>? logger = null)
        : this(options, TimeProvider.System, logger)
    {
    }

    /// <summary>A relay whose latching measures silence (<see cref="MediaRelayOptions.RelearnAfter"/>) and whose log
    /// throttling counts on <paramref name="time"/>'s monotonic clock; packet times always come from the kernel's CLOCK_REALTIME.</summary>
    public MediaRelay(MediaRelayOptions options, TimeProvider time, ILogger<MediaRelay>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            throw new PlatformNotSupportedException(
                $"MediaRelay drives its sockets with Linux epoll, recvmmsg and sendmmsg and needs a 64-bit Linux process; this is {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture}).");
        }

        options.Validate();
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger<MediaRelay>.Instance;
        _relearnAfterTimestamps = (long)(options.RelearnAfter.TotalSeconds * time.TimestampFrequency);
        _ports = new RelayPortAllocator(options.PortMin, options.PortMax);
        var workers = new List<RelayWorker>(options.Workers);
        try
        {
            for (var i = 0; i < options.Workers; i++)
            {
                workers.Add(new RelayWorker(i, options, time, _logger));
            }
        }
        catch
        {
            workers.ForEach(w => w.Dispose());
            throw;
        }

        _workers = [.. workers];
        MediaRelayMetrics.Register(this);
    }

    /// <summary>Sessions opened and not yet disposed.</summary>
    public int OpenSessions => _workers.Sum(w => w.SessionCount);

    /// <summary>Counters summed over every session since the relay started.</summary>
    public RelayTotals Totals => RelayCounterSet.Sum(_workers.Select(w => w.Totals), OpenSessions);

    /// <summary>Binds an RTP/RTCP port pair for each leg and starts relaying between them; <paramref name="name"/> (the
    /// call id) names the session in log lines. Until a leg's
    /// <see cref="RelayLeg.SetPeer"/> (or its first packet) the other leg's packets have nowhere to go.</summary>
    /// <exception cref="RelayPortsExhaustedException">No free port pair is left for one of the legs.</exception>
    public RelaySession Open(string name, IRelayPacketObserver observer)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(observer);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var caller = OpenLeg(RelayLegSide.Caller);
        RelayLeg callee;
        try
        {
            callee = OpenLeg(RelayLegSide.Callee);
        }
        catch
        {
            caller.Close();
            throw;
        }

        var worker = PickWorker();
        var session = new RelaySession(name, caller, callee, observer, worker, new RelayLogThrottle(_time, TimeSpan.FromMinutes(1)));
        worker.Register(session);
        RelayLog.SessionOpened(_logger, name, caller.LocalRtp, callee.LocalRtp, worker.Index);
        return session;
    }

    /// <summary>Stops the workers and closes every session still open.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var worker in _workers)
        {
            worker.Dispose();
        }

        MediaRelayMetrics.Unregister(this);
    }

    private RelayLeg OpenLeg(RelayLegSide side) =>
        _ports.Allocate(port => RelayLeg.TryOpen(side, port, _options, _relearnAfterTimestamps, _ports));

    // The least loaded worker, ties broken round-robin so sessions opened one after another spread out.
    private RelayWorker PickWorker()
    {
        var start = (int)((uint)Interlocked.Increment(ref _nextWorker) % (uint)_workers.Length);
        var best = _workers[start];
        for (var i = 1; i < _workers.Length; i++)
        {
            var candidate = _workers[(start + i) % _workers.Length];
            if (candidate.SessionCount < best.SessionCount)
            {
                best = candidate;
            }
        }

        return best;
    }
}
