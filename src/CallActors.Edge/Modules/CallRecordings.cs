using System.Text.Json;
using CallActors.Calls;
using CallActors.Calls.Recording;
using CallActors.Edge.Crossbar;
using CallActors.Recording;
using static CallActors.Edge.Crossbar.BodyFields;

namespace CallActors.Edge.Modules;

/// <summary>A call's recordings in <c>cb_calls</c>: <c>PUT …/recording</c> starts or stops one (Kazoo's record_call
/// fields), <c>GET …/recordings</c> lists their metadata, <c>GET …/recordings/{ID}</c> downloads the audio (or, with
/// <c>Accept: application/json</c>, its metadata).</summary>
internal static class CallRecordings
{
    private static readonly string[] Fields = ["action", "format", "layout", "time_limit", "url", "record_min_sec", "label"];

    public static async ValueTask<CrossbarResult> PutAsync(CrossbarContext context)
    {
        var data = await context.ReadDataAsync().ConfigureAwait(false);
        var (action, request) = ReadRequest(data);
        var call = await CallAccess.FindAsync(context, context.Parameters[0]).ConfigureAwait(false);
        object command = action == "start" ? new StartRecording(call.CallId, request) : new StopRecording(call.CallId);
        var reply = await CallAccess.AskCallAsync<RecordingReply>(context, call.CallId, command).ConfigureAwait(false);
        return reply switch
        {
            RecordingAccepted accepted when action == "start" => CrossbarResult.Created(RecordingView.Of(accepted.Recording)),
            RecordingAccepted accepted => CrossbarResult.Ok(RecordingView.Of(accepted.Recording)),
            RecordingRefused refused => CrossbarResult.Failure(refused.StatusCode, refused.Error, refused.Message),
            _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name}"),
        };
    }

    public static async ValueTask<CrossbarResult> ListAsync(CrossbarContext context)
    {
        var recordings = await RecordingsOf(context).ConfigureAwait(false);
        return CrossbarResult.Ok(recordings.Select(RecordingView.Of).ToArray());
    }

    public static async ValueTask<CrossbarResult> GetAsync(CrossbarContext context)
    {
        var recordings = await RecordingsOf(context).ConfigureAwait(false);
        var id = context.Parameters[2];
        var recording = recordings.FirstOrDefault(r => r.Id == id)
            ?? throw new CrossbarException(CrossbarResult.BadIdentifier("recording_id", id));
        var accept = context.Http.Request.Headers.Accept.ToString();
        if (accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("audio/", StringComparison.OrdinalIgnoreCase))
        {
            return CrossbarResult.Ok(RecordingView.Of(recording));
        }
        if (recording.LocalPath is { } path && recording.Status is not (RecordingStatus.Recording or RecordingStatus.Stopping) && File.Exists(path))
        {
            return CrossbarResult.FileContent(new CrossbarFile(path, RecordingUploader.ContentType(recording.Format), $"call_recording_{recording.CallId}.{recording.Extension}", recording.Sha256));
        }
        var message = recording.Status switch
        {
            RecordingStatus.Recording or RecordingStatus.Stopping => "the recording is not finished yet",
            RecordingStatus.Stored => $"the recording was delivered to {recording.UploadUrl} and is not kept on this node",
            RecordingStatus.Discarded => "the recording was shorter than its minimum length and was discarded",
            _ => "the recording's audio is not available" + (recording.LastError is { } error ? ": " + error : ""),
        };
        var status = recording.Status is RecordingStatus.Recording or RecordingStatus.Stopping ? 409 : 404;
        return CrossbarResult.Failure(status, status == 409 ? "conflict" : "not_found", message, new Dictionary<string, object?> { ["message"] = message, ["recording"] = RecordingView.Of(recording) });
    }

    private static async Task<IReadOnlyList<RecordingState>> RecordingsOf(CrossbarContext context)
    {
        var call = await CallAccess.FindAsync(context, context.Parameters[0]).ConfigureAwait(false);
        var list = await CallAccess.AskCallAsync<RecordingList>(context, call.CallId, new GetRecordings(call.CallId)).ConfigureAwait(false);
        return list.Recordings;
    }

    /// <summary>The body's fields, each checked for its type and range; unknown fields are refused.</summary>
    private static (string Action, RecordingRequest Request) ReadRequest(JsonElement data)
    {
        string? action = null;
        var request = new RecordingRequest();
        foreach (var property in data.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "action":
                    action = StringValue(value, "action");
                    if (action is not ("start" or "stop"))
                    {
                        throw Invalid("action", "enum", $"action must be start or stop, not '{CrossbarResult.Truncate(action)}'");
                    }
                    break;
                case "format":
                    var format = StringValue(value, "format");
                    request = request with
                    {
                        Format = RecordingFormatNames.TryParse(format, out var parsed) ? parsed : throw Invalid("format", "enum", $"format '{CrossbarResult.Truncate(format)}' is not supported; use wav or mp3"),
                    };
                    break;
                case "layout":
                    var layout = StringValue(value, "layout");
                    request = request with
                    {
                        Layout = RecordingLayoutNames.TryParse(layout, out var parsedLayout) ? parsedLayout : throw Invalid("layout", "enum", $"layout '{CrossbarResult.Truncate(layout)}' is not supported; use stereo or mono"),
                    };
                    break;
                case "time_limit":
                    request = request with { TimeLimitSeconds = Integer(value, "time_limit") };
                    break;
                case "record_min_sec":
                    request = request with { MinSeconds = Integer(value, "record_min_sec") };
                    break;
                case "url":
                    request = request with { Url = StringValue(value, "url") };
                    break;
                case "label":
                    request = request with { Label = StringValue(value, "label") };
                    break;
                default:
                    throw Unknown(property.Name, Fields);
            }
        }
        if (action is null)
        {
            throw Invalid("action", "required", "action is required (start or stop)");
        }
        if (action == "start")
        {
            foreach (var (field, message) in request.Validate())
            {
                throw Invalid(field, "format", $"{field} {message}");
            }
        }
        return (action, request);
    }

    private static int Integer(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : throw Invalid(field, "type", $"{field} must be an integer number of seconds");
}

/// <summary>A recording as the API shows it (Kazoo's call_recording metadata, plus the state of its delivery).</summary>
internal sealed record RecordingView(
    string Id,
    string CallId,
    string Status,
    string Format,
    string Layout,
    string ContentType,
    string? Label,
    string Origin,
    double TimeLimit,
    double RecordMinSec,
    string? Url,
    DateTimeOffset StartedAt,
    DateTimeOffset? StoppedAt,
    string? StopReason,
    double? Duration,
    long? DurationMs,
    long? Size,
    string? Sha256,
    int Attempts,
    int MaxAttempts,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? StoredAt,
    bool MediaAvailable,
    DateTimeOffset UpdatedAt)
{
    public static RecordingView Of(RecordingState r) => new(
        r.Id,
        r.CallId,
        r.Status.ToWireName(),
        r.Format.ToWireName(),
        r.Layout.ToWireName(),
        RecordingUploader.ContentType(r.Format),
        r.Label,
        r.Origin,
        r.TimeLimit.TotalSeconds,
        r.MinLength.TotalSeconds,
        r.UploadUrl,
        r.StartedAt,
        r.StoppedAt,
        r.StopReason?.ToWireName(),
        r.DurationSeconds is { } d ? Math.Round(d, 3) : null,
        r.DurationSeconds is { } ms ? (long)Math.Round(ms * 1000) : null,
        r.SizeBytes,
        r.Sha256,
        r.Attempts,
        r.MaxAttempts,
        r.LastError,
        r.NextAttemptAt,
        r.StoredAt,
        r.LocalPath is { } path && File.Exists(path),
        r.UpdatedAt);
}
