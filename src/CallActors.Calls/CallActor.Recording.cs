using System.Security.Cryptography;
using CallActors.Actors;
using CallActors.Calls.Recording;
using CallActors.Recording;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls;

/// <summary>The call's recordings (Kazoo's record_call): started by the API or by the route on answer, captured from the
/// relay, stopped by the API, the time limit or the hangup, then encoded and delivered. Each change of a recording is a
/// <see cref="RecordingUpdated"/> event, so a node that restarts finishes what was captured and resumes uploads; the
/// call stays in the node's ledger (and in memory) until every recording is settled.</summary>
public sealed partial class CallActor
{
    private const string RecordingLimitTimerKey = "recording-limit";
    private const string RecordingRetryTimerPrefix = "recording-retry-";

    private readonly List<RecordingState> _recordings = [];
    private readonly HashSet<string> _recordingWork = new(StringComparer.Ordinal);
    private RecordingCapture? _capture;
    private Routing.CallRoute? _route;
    private bool _settlePending;

    private RecordingOptions RecordingOptions => _services.Recording;

    private bool HasUnsettledRecordings => _recordings.Exists(r => !r.IsSettled);

    private void RecoverRecording(RecordingUpdated updated) => Upsert(updated.Recording);

    private void OnStartRecording(StartRecording start)
    {
        if (_started is null)
        {
            Sender.Tell(new CallNotFound(_callId), Self);
            return;
        }
        Sender.Tell(StartRecordingNow(start.Request, "api"), Self);
    }

    /// <summary>Starts capturing now, or from <paramref name="startAt"/> (a route's recording starts at the answer).</summary>
    private RecordingReply StartRecordingNow(RecordingRequest request, string origin, DateTimeOffset? startAt = null)
    {
        if (IsEnded)
        {
            return new RecordingRefused(409, "call_ended", "the call has ended; there is nothing left to record");
        }
        if (!IsAnswered)
        {
            return new RecordingRefused(409, "call_not_answered", "the call is not answered yet; start recording once it is");
        }
        if (_recordings.Find(r => r.IsCapturing) is { } active)
        {
            return new RecordingRefused(409, "already_recording", $"recording {active.Id} is in progress; stop it before starting another");
        }
        foreach (var (field, message) in request.Validate())
        {
            return new RecordingRefused(400, "validation failed", $"{field} {message}");
        }
        if ((request.Format ?? RecordingOptions.DefaultFormat) == RecordingFormat.Mp3 && !RecordingEncoder.CanEncodeMp3(RecordingOptions.LameProgram))
        {
            return new RecordingRefused(503, "encoder_unavailable", $"MP3 needs the '{RecordingOptions.LameProgram}' program, which this node does not have (install the lame package), or ask for wav");
        }
        if (_media.RecordingProblem() is { } problem)
        {
            return new RecordingRefused(415, "unsupported_media", problem);
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = startAt ?? Now;
        var recording = request.ToState(id, _callId, origin, RecordingOptions, now);
        RecordingCapture capture;
        try
        {
            capture = RecordingCapture.Start(CaptureDirectory(id), UnixNanos(now), recording.TimeLimit, _logger);
        }
        catch (IOException e)
        {
            LogRecordingFailed(_logger, _callId, id, e.Message);
            return new RecordingRefused(503, "storage_unavailable", "the node cannot write the recording: " + e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            LogRecordingFailed(_logger, _callId, id, e.Message);
            return new RecordingRefused(503, "storage_unavailable", "the node cannot write the recording: " + e.Message);
        }
        _capture = capture;
        _media.AttachRecorder(capture);
        CallMetrics.RecordingsCapturing.Add(1);
        Update(recording);
        Timers.StartSingleTimer(RecordingLimitTimerKey, new RecordingTimeLimitReached(id), recording.TimeLimit);
        LogRecordingStarted(_logger, _callId, id, recording.Format.ToWireName(), recording.TimeLimit.TotalSeconds, origin);
        return new RecordingAccepted(recording);
    }

    private void OnStopRecording(StopRecording stop)
    {
        if (_started is null)
        {
            Sender.Tell(new CallNotFound(_callId), Self);
            return;
        }
        var active = _recordings.Find(r => r.IsCapturing);
        if (active is null)
        {
            Sender.Tell(IsEnded
                ? new RecordingRefused(409, "call_ended", "the call has ended; nothing is being recorded")
                : new RecordingRefused(409, "not_recording", "the call is not being recorded"), Self);
            return;
        }
        Sender.Tell(new RecordingAccepted(StopCapture(RecordingStopReason.Api)!), Self);
    }

    private void OnRecordingTimeLimit(RecordingTimeLimitReached reached)
    {
        if (_recordings.Find(r => r.IsCapturing) is { } active && active.Id == reached.RecordingId)
        {
            StopCapture(RecordingStopReason.TimeLimit);
        }
    }

    /// <summary>Ends the capture in progress (if any) and starts its encoding; the stopped state.</summary>
    private RecordingState? StopCapture(RecordingStopReason reason)
    {
        var active = _recordings.Find(r => r.IsCapturing);
        if (active is null)
        {
            return null;
        }
        Timers.Cancel(RecordingLimitTimerKey);
        var stopped = Apply(active, new RecordingStopRequested(reason, Now));
        var capture = _capture;
        _capture = null;
        _media.AttachRecorder(null);
        if (capture is not null)
        {
            CallMetrics.RecordingsCapturing.Add(-1);
        }
        LogRecordingStopped(_logger, _callId, active.Id, reason.ToWireName());
        Encode(stopped, capture);
        return stopped;
    }

    /// <summary>Encodes a stopped recording off the actor's thread: from the live capture, or (after a restart) from
    /// what its capture folder holds.</summary>
    private void Encode(RecordingState recording, RecordingCapture? capture)
    {
        if (!_recordingWork.Add(recording.Id))
        {
            return;
        }
        var self = Self;
        var stopNanos = UnixNanos(recording.StoppedAt ?? Now);
        var directory = CaptureDirectory(recording.Id);
        var output = Path.Combine(RecordingDirectory(recording.Id), recording.Id + "." + recording.Extension);
        var lame = RecordingOptions.LameProgram;
        _ = Task.Run(async () =>
        {
            try
            {
                CapturedAudio audio;
                if (capture is not null)
                {
                    await using (capture.ConfigureAwait(false))
                    {
                        audio = await capture.CompleteAsync(stopNanos).ConfigureAwait(false);
                    }
                }
                else
                {
                    audio = RecordingCapture.Recover(directory);
                }
                var encoded = await RecordingEncoder.EncodeAsync(audio, recording.Format, recording.Layout, output, lame, CancellationToken.None).ConfigureAwait(false);
                Directory.Delete(directory, recursive: true);
                return new RecordingEncodeFinished(recording.Id, encoded, null);
            }
            catch (Exception e) when (e is RecordingEncodingException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                return new RecordingEncodeFinished(recording.Id, null, e.Message);
            }
        }).ContinueWith(t => self.Tell(t.IsCompletedSuccessfully ? t.Result : new RecordingEncodeFinished(recording.Id, null, t.Exception?.GetBaseException().Message ?? "cancelled"), ActorRefs.NoSender), TaskScheduler.Default);
    }

    private void OnRecordingEncoded(RecordingEncodeFinished finished)
    {
        _recordingWork.Remove(finished.RecordingId);
        if (_recordings.Find(r => r.Id == finished.RecordingId) is not { Status: RecordingStatus.Stopping } recording)
        {
            return;
        }
        if (finished.Encoded is not { } file)
        {
            LogRecordingFailed(_logger, _callId, recording.Id, finished.Error ?? "unknown error");
            Apply(recording, new RecordingEncodingFailed(finished.Error ?? "unknown error", Now));
            CheckSettled();
            return;
        }
        var next = Apply(recording, new RecordingEncoded(file.Path, file.DurationSeconds, file.SizeBytes, file.Sha256Hex, Now));
        LogRecordingEncoded(_logger, _callId, recording.Id, file.DurationSeconds, file.SizeBytes, next.Status.ToWireName());
        switch (next.Status)
        {
            case RecordingStatus.Discarded:
                DeleteRecordingFiles(next.Id);
                break;
            case RecordingStatus.Uploading:
                Upload(next);
                break;
        }
        CheckSettled();
    }

    /// <summary>One upload attempt off the actor's thread. A retry, or an attempt a restart cut short, first asks the
    /// target whether the file is already there.</summary>
    private void Upload(RecordingState recording, bool resumed = false)
    {
        if (!_recordingWork.Add(recording.Id))
        {
            return;
        }
        var self = Self;
        LogRecordingUploading(_logger, _callId, recording.Id, RecordingUploader.Redact(recording.UploadUrl!), recording.Attempts + 1, recording.MaxAttempts);
        _services.RecordingUploader.UploadAsync(recording, RecordingOptions.UploadTimeout, checkFirst: resumed || recording.Attempts > 0, CancellationToken.None)
            .ContinueWith(
                t => self.Tell(new RecordingUploadFinished(recording.Id, t.IsCompletedSuccessfully ? t.Result : RecordingUploadResult.Failed(t.Exception?.GetBaseException().Message ?? "cancelled")), ActorRefs.NoSender),
                TaskScheduler.Default);
    }

    private void OnRecordingUploaded(RecordingUploadFinished finished)
    {
        _recordingWork.Remove(finished.RecordingId);
        if (_recordings.Find(r => r.Id == finished.RecordingId) is not { Status: RecordingStatus.Uploading } recording)
        {
            return;
        }
        CallMetrics.RecordingUploaded(finished.Result.Error is null);
        if (finished.Result.Error is null)
        {
            var stored = Apply(recording, new RecordingUploaded(Now));
            LogRecordingDelivered(_logger, _callId, recording.Id, RecordingUploader.Redact(recording.UploadUrl!), stored.Attempts, finished.Result.AlreadyThere);
            // Delivered: the local copy goes (the metadata keeps size and checksum).
            DeleteRecordingFiles(stored.Id);
            Update(stored with { LocalPath = null });
        }
        else
        {
            var failed = Apply(recording, new RecordingUploadFailed(finished.Result.Error, Now));
            LogRecordingUploadFailed(_logger, _callId, recording.Id, failed.Attempts, failed.MaxAttempts, finished.Result.Error, failed.NextAttemptAt is null);
            ScheduleRetry(failed);
        }
        CheckSettled();
    }

    private void ScheduleRetry(RecordingState recording)
    {
        if (recording.NextAttemptAt is { } due)
        {
            var wait = due - Now;
            Timers.StartSingleTimer(RecordingRetryTimerPrefix + recording.Id, new RecordingRetryDue(recording.Id), wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
        }
    }

    private void OnRecordingRetryDue(RecordingRetryDue due)
    {
        if (_recordings.Find(r => r.Id == due.RecordingId) is not { Status: RecordingStatus.UploadFailed, NextAttemptAt: not null } recording)
        {
            return;
        }
        Upload(Apply(recording, new RecordingUploadStarted(Now)));
    }

    /// <summary>After a restart: a capture cut short is stopped and encoded from its folder, an encoding or upload that
    /// was in flight starts again, a retry that was waiting is scheduled again.</summary>
    private void ResumeRecordings()
    {
        foreach (var recording in _recordings.ToArray())
        {
            switch (recording.Status)
            {
                case RecordingStatus.Recording:
                    LogRecordingStopped(_logger, _callId, recording.Id, RecordingStopReason.NodeRestarted.ToWireName());
                    Encode(Apply(recording, new RecordingStopRequested(RecordingStopReason.NodeRestarted, Now)), capture: null);
                    break;
                case RecordingStatus.Stopping:
                    Encode(recording, capture: null);
                    break;
                case RecordingStatus.Uploading:
                    Upload(recording, resumed: true);
                    break;
                case RecordingStatus.UploadFailed when recording.NextAttemptAt is not null:
                    ScheduleRetry(recording);
                    break;
            }
        }
    }

    /// <summary>The route's record_call: recording starts when the call is answered.</summary>
    private void StartRouteRecording()
    {
        if (_route?.RecordCall is not { } request)
        {
            return;
        }
        if (StartRecordingNow(request, "route:" + _route.Name, _status!.AnsweredAt) is RecordingRefused refused)
        {
            LogRouteRecordingRefused(_logger, _callId, _route.Name, refused.Message);
        }
    }

    /// <summary>Once the call has ended and its last recording is settled, the call leaves the ledger and may passivate.</summary>
    private void CheckSettled()
    {
        if (_settlePending && IsEnded && !HasUnsettledRecordings)
        {
            _settlePending = false;
            _directory.Tell(new CallSettled(_callId), Self);
            SchedulePassivation();
        }
    }

    private void OnGetRecordings()
    {
        ReplyToQuery(_started is null ? new CallNotFound(_callId) : new RecordingList([.. _recordings]));
    }

    private RecordingState Apply(RecordingState recording, RecordingInput input)
    {
        var next = RecordingStateMachine.Apply(recording, input, RecordingOptions.Retry);
        if (!ReferenceEquals(next, recording))
        {
            Update(next);
        }
        return next;
    }

    private void Update(RecordingState recording)
    {
        if (recording.IsSettled && _recordings.Find(r => r.Id == recording.Id) is { IsSettled: false })
        {
            CallMetrics.RecordingSettled(recording.Status.ToWireName());
        }
        Upsert(recording);
        PersistAsync(new RecordingUpdated(recording), _ => { });
    }

    private void Upsert(RecordingState recording)
    {
        var index = _recordings.FindIndex(r => r.Id == recording.Id);
        if (index < 0)
        {
            _recordings.Add(recording);
        }
        else
        {
            _recordings[index] = recording;
        }
    }

    private string RecordingDirectory(string id) => Path.Combine(RecordingOptions.Directory, id);

    private string CaptureDirectory(string id) => Path.Combine(RecordingDirectory(id), "capture");

    private void DeleteRecordingFiles(string id)
    {
        try
        {
            Directory.Delete(RecordingDirectory(id), recursive: true);
        }
        catch (IOException e)
        {
            LogRecordingCleanupFailed(_logger, _callId, id, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            LogRecordingCleanupFailed(_logger, _callId, id, e.Message);
        }
    }

    private static long UnixNanos(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).Ticks * 100;

    private sealed record RecordingTimeLimitReached(string RecordingId);

    private sealed record RecordingRetryDue(string RecordingId);

    private sealed record RecordingEncodeFinished(string RecordingId, EncodedRecording? Encoded, string? Error);

    private sealed record RecordingUploadFinished(string RecordingId, RecordingUploadResult Result);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Call {CallId}: recording {RecordingId} started ({Format}, time limit {TimeLimit} s, by {Origin})")]
    private static partial void LogRecordingStarted(ILogger logger, string callId, string recordingId, string format, double timeLimit, string origin);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Call {CallId}: recording {RecordingId} stopped ({Reason})")]
    private static partial void LogRecordingStopped(ILogger logger, string callId, string recordingId, string reason);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Call {CallId}: recording {RecordingId} encoded: {Duration:0.00} s, {Size} bytes; now {Status}")]
    private static partial void LogRecordingEncoded(ILogger logger, string callId, string recordingId, double duration, long size, string status);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "Call {CallId}: recording {RecordingId} failed: {Error}")]
    private static partial void LogRecordingFailed(ILogger logger, string callId, string recordingId, string error);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Information, Message = "Call {CallId}: recording {RecordingId} uploading to {Url} (attempt {Attempt} of {MaxAttempts})")]
    private static partial void LogRecordingUploading(ILogger logger, string callId, string recordingId, string url, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Information, Message = "Call {CallId}: recording {RecordingId} delivered to {Url} after {Attempts} attempt(s) (found there by HEAD: {AlreadyThere})")]
    private static partial void LogRecordingDelivered(ILogger logger, string callId, string recordingId, string url, int attempts, bool alreadyThere);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Warning, Message = "Call {CallId}: recording {RecordingId} upload attempt {Attempt} of {MaxAttempts} failed: {Error} (given up: {GivenUp})")]
    private static partial void LogRecordingUploadFailed(ILogger logger, string callId, string recordingId, int attempt, int maxAttempts, string error, bool givenUp);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Warning, Message = "Call {CallId}: route '{Route}' asks to record the call, but it cannot be: {Reason}")]
    private static partial void LogRouteRecordingRefused(ILogger logger, string callId, string route, string reason);

    [LoggerMessage(EventId = 3209, Level = LogLevel.Warning, Message = "Call {CallId}: the files of recording {RecordingId} could not be removed: {Error}")]
    private static partial void LogRecordingCleanupFailed(ILogger logger, string callId, string recordingId, string error);
}
