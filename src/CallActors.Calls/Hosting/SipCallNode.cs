using CallActors.Actors;
using CallActors.Calls.B2bua;
using CallActors.Calls.Media;
using CallActors.Calls.Routing;
using CallActors.Sip.Transactions;
using CallActors.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls.Hosting;

/// <summary>Everything the node needs to take calls over SIP.</summary>
public sealed record SipCallNodeOptions(
    string Node,
    SipTransportOptions Transport,
    SipTimerOptions Timers,
    B2buaOptions Calls,
    IReadOnlyList<CallRoute> Routes)
{
    /// <summary>Where and how calls are recorded.</summary>
    public Recording.RecordingOptions Recording { get; init; } = new();
}

/// <summary>
/// The SIP side of a node, wired in the order data flows: sockets (SipTransport) → transactions
/// (SipTransactionLayer) → the dispatcher → the calls directory actor and one CallActor per call. Started after the
/// journal; disposed (listeners closed) before the actors stop.
/// </summary>
public sealed class SipCallNode : IAsyncDisposable
{
    private SipCallNode(SipTransport transport, SipTransactionLayer transactions, IActorRef directory)
    {
        Transport = transport;
        Transactions = transactions;
        Directory = directory;
    }

    public SipTransport Transport { get; }

    public SipTransactionLayer Transactions { get; }

    /// <summary>The calls directory (<c>/user/calls</c>): ask it <see cref="GetCall"/> or <see cref="GetDialogue"/>.</summary>
    public IActorRef Directory { get; }

    public static async Task<SipCallNode> StartAsync(
        ActorSystem system,
        SipCallNodeOptions options,
        ILoggerFactory loggerFactory,
        IMediaAnchor? media = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var time = system.TimeProvider;
        var dispatcher = new SipCallDispatcher(loggerFactory.CreateLogger<SipCallDispatcher>(), time);
        var sink = new DeferredSink();
        var transport = new SipTransport(options.Transport, sink, dispatcher, time, loggerFactory.CreateLogger<SipTransport>());
        var transactions = new SipTransactionLayer(transport, dispatcher, options.Timers, time, loggerFactory.CreateLogger<SipTransactionLayer>());
        sink.Target = transactions;
        var router = new CallRouter(options.Routes);
        var services = new CallServices(transactions, transport, new SipTargetResolver(), media ?? PassThroughMediaAnchor.Instance, options.Calls, options.Node, loggerFactory)
        {
            Recording = options.Recording,
            Router = router,
        };
        var directory = system.ActorOf(CallsActor.Props(services, router), "calls");
        dispatcher.Attach(directory);
        try
        {
            await transport.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new SipCallNode(transport, transactions, directory);
    }

    /// <summary>Closes the listeners, then waits (up to <paramref name="timeout"/>) until every call has handled what was
    /// routed to it, so that a clean stop keeps the last messages of every call.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        await Transport.DisposeAsync().ConfigureAwait(false);
        var calls = await Directory.Ask<IActorRef[]>(CallsActor.GetCallActors.Instance, timeout).ConfigureAwait(false);
        // A call that passivated since the directory answered never replies; do not let it hold the phase.
        var perCall = TimeSpan.FromTicks(Math.Min(timeout.Ticks, TimeSpan.FromSeconds(2).Ticks));
        var drained = calls.Select(call => call.Ask<bool>(DrainCall.Instance, perCall));
        try
        {
            await Task.WhenAll(drained).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            // A call that did not answer in time is stopped with the others; its journal writes are still flushed.
        }
    }

    public ValueTask DisposeAsync() => Transport.DisposeAsync();

    /// <summary>The transport is built before the transaction layer that consumes its messages.</summary>
    private sealed class DeferredSink : ISipMessageSink
    {
        public ISipMessageSink? Target { get; set; }

        public void OnMessage(SipInbound inbound) => Target?.OnMessage(inbound);
    }
}
