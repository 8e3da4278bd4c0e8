using CallActors.Actors;
using CallActors.Calls.B2bua;
using CallActors.Calls.Hosting;
using CallActors.Calls.Media;
using CallActors.Calls.Routing;
using CallActors.Persistence;
using CallActors.Persistence.Serialization;
using CallActors.Persistence.Sqlite;
using CallActors.Sip.Transactions;
using CallActors.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallActors.Calls.Tests.Infrastructure;

/// <summary>A node's SIP side in the test process: actor system, SQLite journal in a temp folder, and the SIP stack on
/// a loopback address of the test's own. Nothing is mocked below the call actors: real sockets, real journal.</summary>
internal sealed class InProcessNode : IAsyncDisposable
{
    private readonly string _folder;

    private InProcessNode(ActorSystem system, SipCallNode sip, string folder)
    {
        System = system;
        Sip = sip;
        _folder = folder;
    }

    public ActorSystem System { get; }

    public SipCallNode Sip { get; }

    public static async Task<InProcessNode> StartAsync(string address, IReadOnlyList<CallRoute>? routes = null, B2buaOptions? calls = null, int port = 0, SipTimerOptions? timers = null, IMediaAnchor? media = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "callactors-calls-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var system = ActorSystem.Create("test");
        var sqlite = new SqliteJournalOptions { Path = Path.Combine(folder, "journal.db") };
        await PersistenceExtension.StartAsync(
            system,
            new SqliteJournal(sqlite),
            new SqliteSnapshotStore(sqlite),
            new EventSerializer().RegisterAssemblies(typeof(CallActor).Assembly)).ConfigureAwait(false);
        var options = new SipCallNodeOptions(
            "test",
            new SipTransportOptions { BindAddress = address, Port = port },
            timers ?? new SipTimerOptions(),
            calls ?? new B2buaOptions(),
            routes ?? [])
        {
            Recording = new CallActors.Calls.Recording.RecordingOptions { Directory = Path.Combine(folder, "recordings") },
        };
        var sip = await SipCallNode.StartAsync(system, options, NullLoggerFactory.Instance, media).ConfigureAwait(false);
        return new InProcessNode(system, sip, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await Sip.DisposeAsync().ConfigureAwait(false);
        await System.Terminate().ConfigureAwait(false);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
