using CallActors.Calls.Recording;
using CallActors.Recording;
using static CallActors.Calls.Recording.RecordingStatus;

namespace CallActors.Calls.Tests.Recording;

/// <summary>Every (state, input) pair of the recording machine: the states a recording can be in, every kind of input,
/// and for each pair either the expected next state or "nothing changes" (the same instance back).</summary>
public sealed class RecordingStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T60 = T0.AddSeconds(60);
    private static readonly RecordingRetryPolicy Retry = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    private static RecordingState Started(string? url = "http://127.0.0.1:8080/r/", int minSeconds = 0, int maxAttempts = 5) => new()
    {
        Id = "0123456789abcdef0123456789abcdef",
        CallId = "call-1",
        Format = RecordingFormat.Wav,
        Layout = RecordingLayout.Stereo,
        TimeLimit = TimeSpan.FromSeconds(3600),
        MinLength = TimeSpan.FromSeconds(minSeconds),
        UploadUrl = url is null ? null : RecordingState.UploadUrlFor(url, "call-1", RecordingFormat.Wav),
        Origin = "api",
        MaxAttempts = maxAttempts,
        StartedAt = T0,
        UpdatedAt = T0,
    };

    private static readonly Dictionary<string, RecordingState> States = new()
    {
        ["recording"] = Started(),
        ["stopping"] = Started() with { Status = Stopping, StoppedAt = T0.AddSeconds(30), StopReason = RecordingStopReason.Api },
        ["uploading"] = Started() with { Status = Uploading, StoppedAt = T0.AddSeconds(30), LocalPath = "/r/a.wav", DurationSeconds = 30 },
        ["upload_failed retrying"] = Started() with { Status = UploadFailed, Attempts = 1, NextAttemptAt = T0.AddSeconds(40), LocalPath = "/r/a.wav", LastError = "refused" },
        ["upload_failed given up"] = Started() with { Status = UploadFailed, Attempts = 5, LocalPath = "/r/a.wav", LastError = "refused" },
        ["stored"] = Started() with { Status = Stored, Attempts = 1, StoredAt = T0.AddSeconds(35) },
        ["discarded"] = Started() with { Status = Discarded },
        ["failed"] = Started() with { Status = Failed, LastError = "lame exited 1" },
    };

    private static readonly Dictionary<string, RecordingInput> Inputs = new()
    {
        ["stop by api"] = new RecordingStopRequested(RecordingStopReason.Api, T60),
        ["time limit"] = new RecordingStopRequested(RecordingStopReason.TimeLimit, T60),
        ["hangup"] = new RecordingStopRequested(RecordingStopReason.Hangup, T60),
        ["encoded 12 s"] = new RecordingEncoded("/r/a.wav", 12, 384_044, "ab", T60),
        ["encoding failed"] = new RecordingEncodingFailed("lame exited 1", T60),
        ["upload started"] = new RecordingUploadStarted(T60),
        ["uploaded"] = new RecordingUploaded(T60),
        ["upload failed"] = new RecordingUploadFailed("connection refused", T60),
    };

    /// <summary>The pairs that change something, and the status they lead to.</summary>
    private static readonly Dictionary<(string State, string Input), RecordingStatus> Changes = new()
    {
        [("recording", "stop by api")] = Stopping,
        [("recording", "time limit")] = Stopping,
        [("recording", "hangup")] = Stopping,
        [("stopping", "encoded 12 s")] = Uploading,
        [("stopping", "encoding failed")] = Failed,
        [("uploading", "uploaded")] = Stored,
        [("uploading", "upload failed")] = UploadFailed,
        [("upload_failed retrying", "upload started")] = Uploading,
    };

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in States.Keys)
        {
            foreach (var input in Inputs.Keys)
            {
                data.Add(state, input);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Every_input_in_every_state_either_moves_as_the_table_says_or_changes_nothing(string state, string input)
    {
        var before = States[state];
        var after = RecordingStateMachine.Apply(before, Inputs[input], Retry);
        if (Changes.TryGetValue((state, input), out var expected))
        {
            Assert.NotSame(before, after);
            Assert.Equal(expected, after.Status);
            Assert.Equal(T60, after.UpdatedAt);
        }
        else
        {
            Assert.Same(before, after);
        }
    }

    [Theory]
    [InlineData(RecordingStopReason.Api)]
    [InlineData(RecordingStopReason.TimeLimit)]
    [InlineData(RecordingStopReason.Hangup)]
    [InlineData(RecordingStopReason.NodeRestarted)]
    public void A_stop_keeps_its_reason_and_time(RecordingStopReason reason)
    {
        var stopped = RecordingStateMachine.Apply(Started(), new RecordingStopRequested(reason, T60), Retry);
        Assert.Equal(reason, stopped.StopReason);
        Assert.Equal(T60, stopped.StoppedAt);
        Assert.True(stopped is { IsCapturing: false, IsSettled: false });
    }

    [Fact]
    public void Without_a_url_an_encoded_recording_is_stored_locally_and_keeps_its_file()
    {
        var stopping = States["stopping"] with { UploadUrl = null };
        var stored = RecordingStateMachine.Apply(stopping, new RecordingEncoded("/r/a.wav", 12, 384_044, "ab", T60), Retry);
        Assert.Equal(Stored, stored.Status);
        Assert.Equal("/r/a.wav", stored.LocalPath);
        Assert.Equal(T60, stored.StoredAt);
        Assert.Equal(0, stored.Attempts);
        Assert.True(stored.IsSettled);
    }

    [Theory]
    [InlineData(5, 4.99, Discarded)]
    [InlineData(5, 5.0, Uploading)]
    [InlineData(0, 0.0, Uploading)]
    public void A_recording_shorter_than_its_minimum_is_discarded(int minSeconds, double duration, RecordingStatus expected)
    {
        var stopping = Started(minSeconds: minSeconds) with { Status = Stopping };
        var next = RecordingStateMachine.Apply(stopping, new RecordingEncoded("/r/a.wav", duration, 100, "ab", T60), Retry);
        Assert.Equal(expected, next.Status);
        Assert.Equal(duration, next.DurationSeconds);
        Assert.Equal(expected == Discarded ? null : "/r/a.wav", next.LocalPath);
    }

    [Fact]
    public void Upload_failures_back_off_doubling_up_to_the_cap_then_give_up_after_the_last_attempt()
    {
        var state = States["uploading"];
        var waits = new List<TimeSpan?>();
        var at = T60;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            state = RecordingStateMachine.Apply(state, new RecordingUploadFailed($"refused {attempt}", at), Retry);
            Assert.Equal(UploadFailed, state.Status);
            Assert.Equal(attempt, state.Attempts);
            Assert.Equal($"refused {attempt}", state.LastError);
            waits.Add(state.NextAttemptAt - at);
            if (state.NextAttemptAt is { } due)
            {
                Assert.False(state.IsSettled);
                at = due;
                state = RecordingStateMachine.Apply(state, new RecordingUploadStarted(at), Retry);
                Assert.Equal(Uploading, state.Status);
            }
        }
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), null], waits);
        Assert.True(state.IsSettled);
        Assert.Same(state, RecordingStateMachine.Apply(state, new RecordingUploadStarted(at), Retry));
    }

    [Fact]
    public void Down_then_up_is_stored_with_every_attempt_counted_and_the_error_cleared()
    {
        var state = RecordingStateMachine.Apply(States["uploading"], new RecordingUploadFailed("connection refused", T60), Retry);
        state = RecordingStateMachine.Apply(state, new RecordingUploadStarted(T60.AddSeconds(5)), Retry);
        state = RecordingStateMachine.Apply(state, new RecordingUploaded(T60.AddSeconds(6)), Retry);
        Assert.Equal(Stored, state.Status);
        Assert.Equal(2, state.Attempts);
        Assert.Null(state.LastError);
        Assert.Equal(T60.AddSeconds(6), state.StoredAt);
    }

    [Fact]
    public void One_attempt_allowed_gives_up_at_the_first_failure()
    {
        var uploading = Started(maxAttempts: 1) with { Status = Uploading };
        var failed = RecordingStateMachine.Apply(uploading, new RecordingUploadFailed("503", T60), Retry);
        Assert.Null(failed.NextAttemptAt);
        Assert.True(failed.IsSettled);
    }

    [Theory]
    [InlineData("http://h/r/", "abc@host", "http://h/r/call_recording_abc%40host.wav")]
    [InlineData("http://h/put?name=", "x y", "http://h/put?name=call_recording_x%20y.wav")]
    public void The_upload_url_follows_kazoos_naming(string url, string callId, string expected) =>
        Assert.Equal(expected, RecordingState.UploadUrlFor(url, callId, RecordingFormat.Wav));

    [Theory]
    [InlineData(null, 10800)]
    [InlineData(60, 60)]
    [InlineData(10800, 10800)]
    [InlineData(99999, 10800)]
    public void The_time_limit_defaults_to_and_is_capped_by_the_maximum(int? asked, int expected)
    {
        var state = new RecordingRequest { TimeLimitSeconds = asked }.ToState("id", "c", "api", new RecordingOptions(), T0);
        Assert.Equal(TimeSpan.FromSeconds(expected), state.TimeLimit);
    }

    [Theory]
    [InlineData(-5, null, null, "time_limit")]
    [InlineData(0, null, null, "time_limit")]
    [InlineData(null, -1, null, "record_min_sec")]
    [InlineData(null, null, "ftp://h/r/", "url")]
    [InlineData(null, null, "not a url", "url")]
    [InlineData(null, null, "/relative/", "url")]
    public void Bad_requests_name_the_field(int? timeLimit, int? minSeconds, string? url, string field)
    {
        var problems = new RecordingRequest { TimeLimitSeconds = timeLimit, MinSeconds = minSeconds, Url = url }.Validate().ToList();
        Assert.Equal(field, Assert.Single(problems).Field);
    }

    [Fact]
    public void A_good_request_has_no_problems() =>
        Assert.Empty(new RecordingRequest { TimeLimitSeconds = 60, MinSeconds = 2, Url = "https://h:8443/r/", Label = "support" }.Validate());
}
