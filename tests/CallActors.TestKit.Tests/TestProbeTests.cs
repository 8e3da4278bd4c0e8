using CallActors.Actors;
using Xunit;

namespace CallActors.TestKit.Tests;

public sealed class TestProbeTests : TestKit
{
    [Fact]
    public void ExpectMsg_returns_the_message_and_remembers_its_sender()
    {
        var probe = CreateTestProbe();
        probe.Tell("hello", TestActor.Ref);
        Assert.Equal("hello", probe.ExpectMsg<string>());
        Assert.Equal(TestActor.Ref, probe.LastSender);
    }

    [Fact]
    public void ExpectMsg_fails_with_a_timeout_naming_the_expected_type()
    {
        var error = Assert.Throws<TestKitFailedException>(() => ExpectMsg<int>(TimeSpan.FromMilliseconds(50)));
        Assert.Contains("timeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectMsg_fails_on_a_message_of_another_type_or_one_that_does_not_match()
    {
        TestActor.Tell("text", ActorRefs.NoSender);
        Assert.Throws<TestKitFailedException>(() => ExpectMsg<int>());
        TestActor.Tell(3, ActorRefs.NoSender);
        Assert.Throws<TestKitFailedException>(() => ExpectMsg<int>(n => n > 5));
        TestActor.Tell(4, ActorRefs.NoSender);
        Assert.Throws<TestKitFailedException>(() => ExpectMsg(5));
    }

    [Fact]
    public void ExpectNoMsg_fails_when_a_message_arrives()
    {
        TestActor.Tell("surprise", ActorRefs.NoSender);
        var error = Assert.Throws<TestKitFailedException>(() => ExpectNoMsg(TimeSpan.FromMilliseconds(200)));
        Assert.Contains("surprise", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FishForMessage_skips_until_the_one_that_matches()
    {
        foreach (var n in new[] { 1, 2, 3, 42, 5 })
        {
            TestActor.Tell(n, ActorRefs.NoSender);
        }

        Assert.Equal(42, FishForMessage<int>(n => n > 10));
        ExpectMsg(5);
    }

    [Fact]
    public void FishForMessage_fails_listing_what_it_skipped()
    {
        TestActor.Tell(1, ActorRefs.NoSender);
        var error = Assert.Throws<TestKitFailedException>(() => FishForMessage(m => m is string, TimeSpan.FromMilliseconds(100)));
        Assert.Contains("Int32 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Within_fails_when_the_block_takes_longer_than_allowed()
    {
        var error = Assert.Throws<TestKitFailedException>(() => Within(TimeSpan.FromMilliseconds(50), () => Thread.Sleep(150)));
        Assert.Contains("more than the 50 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expectations_inside_Within_share_its_deadline()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Throws<TestKitFailedException>(() => Within(TimeSpan.FromMilliseconds(300), () => ExpectMsg<string>()));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"ExpectMsg waited {started.ElapsedMilliseconds} ms instead of the 300 ms Within allows");
    }

    [Fact]
    public void Reply_answers_the_last_sender()
    {
        var probe = CreateTestProbe();
        probe.Tell("question", TestActor.Ref);
        probe.ExpectMsg("question");
        probe.Reply("answer");
        ExpectMsg("answer");
    }
}
