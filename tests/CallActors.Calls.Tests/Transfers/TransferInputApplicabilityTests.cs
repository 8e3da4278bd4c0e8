using CallActors.Calls.Transfers;
using static CallActors.Calls.Tests.Transfers.TransferSteps;

namespace CallActors.Calls.Tests.Transfers;

/// <summary>Every input in every state of both kinds of transfer, against a table written out by hand: an input
/// that does not apply returns the very same instance; one that does moves the state on, at the input's time.</summary>
public sealed class TransferInputApplicabilityTests
{
    private static readonly string[] InputNames =
        ["dial", "180", "183", "100", "answer", "bridge", "486", "timeout", "200 as failure", "700 as failure", "cancel", "kept hangs up", "original hangs up", "node restarted"];

    private static readonly Dictionary<string, Func<TransferInput>> Inputs = new()
    {
        ["dial"] = () => Dial(30),
        ["180"] = () => Ring(30),
        ["183"] = () => Ring(30, 183),
        ["100"] = () => Ring(30, 100),
        ["answer"] = () => Answer(30),
        ["bridge"] = () => Bridge(30),
        ["486"] = () => Fail(30, 486),
        ["timeout"] = () => Fail(30, null),
        ["200 as failure"] = () => Fail(30, 200),
        ["700 as failure"] = () => Fail(30, 700),
        ["cancel"] = () => Cancel(30),
        ["kept hangs up"] = () => KeptHangsUp(30),
        ["original hangs up"] = () => OriginalHangsUp(30),
        ["node restarted"] = () => new TransferInterrupted(At(30)),
    };

    /// <summary>The states of a transfer to Alice with Bob as fallback, by the inputs that reach them.</summary>
    private static readonly Dictionary<string, TransferInput[]> Paths = new()
    {
        ["requested"] = [],
        ["requested again"] = [Dial(1), Fail(2, 486)],
        ["dialing"] = [Dial(1)],
        ["ringing"] = [Dial(1), Ring(2)],
        ["answered"] = [Dial(1), Ring(2), Answer(3)],
        ["completed"] = [Dial(1), Ring(2), Answer(3), Bridge(4)],
        ["failed"] = [Dial(1), Fail(2, 486), Dial(3), Fail(4, 603)],
        ["cancelled"] = [Dial(1), Cancel(2)],
    };

    // + the input applies, . the same instance comes back. Columns in the order of InputNames.
    private static readonly Dictionary<string, string> Applies = new()
    {
        //                              dial 180 183 100 ans brg 486 t/o 200 700 cnl kpt org rst
        ["blind requested"] =           " +   .   .   .   .   .   .   .   .   .   +   +   +   + ",
        ["blind requested again"] =     " +   .   .   .   .   .   .   .   .   .   +   +   +   + ",
        ["blind dialing"] =             " .   +   +   .   +   .   +   +   .   .   +   +   +   + ",
        ["blind ringing"] =             " .   .   .   .   +   .   +   +   .   .   +   +   +   + ",
        ["blind answered"] =            " .   .   .   .   .   +   +   +   .   .   .   +   +   + ",
        ["blind completed"] =           " .   .   .   .   .   .   .   .   .   .   .   .   .   . ",
        ["blind failed"] =              " .   .   .   .   .   .   .   .   .   .   .   .   .   . ",
        ["blind cancelled"] =           " .   .   .   .   .   .   .   .   .   .   .   .   .   . ",
        ["attended requested"] =        " +   .   .   .   .   .   .   .   .   .   +   +   +   + ",
        ["attended requested again"] =  " +   .   .   .   .   .   .   .   .   .   +   +   +   + ",
        ["attended dialing"] =          " .   +   +   .   +   .   +   +   .   .   +   +   +   + ",
        ["attended ringing"] =          " .   .   .   .   +   .   +   +   .   .   +   +   +   + ",
        ["attended answered"] =         " .   .   .   .   .   +   +   +   .   .   +   +   +   + ",
        ["attended completed"] =        " .   .   .   .   .   .   .   .   .   .   .   .   .   . ",
        ["attended failed"] =           " .   .   .   .   .   .   .   .   .   .   .   .   .   . ",
        ["attended cancelled"] =        " .   .   .   .   .   .   .   .   .   .   .   .   .   . ",
    };

    public static TheoryData<string, string> Cells
    {
        get
        {
            var cells = new TheoryData<string, string>();
            foreach (var state in Applies.Keys)
            {
                foreach (var input in InputNames)
                {
                    cells.Add(state, input);
                }
            }
            return cells;
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Apply(string state, string input)
    {
        var before = State(state);
        var message = Inputs[input]();
        var applies = Applies[state].Split(' ', StringSplitOptions.RemoveEmptyEntries)[Array.IndexOf(InputNames, input)] == "+";

        var after = TransferStateMachine.Apply(before, message);

        if (input == "cancel")
        {
            Assert.Equal(applies, TransferStateMachine.CanCancel(before));
        }
        if (!applies)
        {
            Assert.Same(before, after);
            return;
        }
        Assert.NotSame(before, after);
        Assert.Equal(message.At, after.UpdatedAt);
        Assert.Equal(after.IsFinal ? message.At : null, after.CompletedAt);
        if (before.Kind == TransferKind.Blind && message is OriginalPartyHungUp)
        {
            // The transfer goes on without the original party: no new status, so no new transition.
            Assert.Equal(before.Status, after.Status);
            Assert.Equal(before.History, after.History);
            return;
        }
        Assert.Equal(before.History.Count + 1, after.History.Count);
        Assert.Equal(before.History, after.History.Take(before.History.Count));
        Assert.Equal((after.Status, message.At), (after.History[^1].Status, after.History[^1].At));
    }

    [Fact]
    public void The_table_has_a_row_for_every_state_of_both_kinds_and_a_column_for_every_input()
    {
        Assert.Equal(Inputs.Keys, InputNames);
        Assert.All(Applies.Values, row => Assert.Equal(InputNames.Length, row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
        Assert.Equal(
            Enum.GetValues<TransferStatus>().Select(s => s.ToWireName()).Order(),
            Paths.Keys.Select(p => p.Split(' ')[0]).Distinct().Order());
        Assert.Equal(
            Enum.GetValues<TransferKind>().SelectMany(k => Paths.Keys.Select(p => $"{k.ToWireName()} {p}")).Order(),
            Applies.Keys.Order());
    }

    private static TransferState State(string name)
    {
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        var start = name[..space] == "blind" ? Blind(Bob) : Attended(Bob);
        var state = Build(start, Paths[name[(space + 1)..]]);
        Assert.Equal(name[(space + 1)..].Split(' ')[0], state.Status.ToWireName());
        return state;
    }
}
