using CallActors.Recording;

namespace CallActors.Calls.Recording;

/// <summary>What a recording start asks for (the API's <c>"action":"start"</c> body, or a route's record_call). Null
/// fields take the node's defaults (<see cref="RecordingOptions"/>).</summary>
public sealed record RecordingRequest
{
    public RecordingFormat? Format { get; init; }

    public RecordingLayout? Layout { get; init; }

    /// <summary>Seconds; null or more than the node's maximum → the maximum (Kazoo's clamp rule).</summary>
    public int? TimeLimitSeconds { get; init; }

    /// <summary>Absolute http(s) URL the file is PUT under; null keeps it in the data folder.</summary>
    public string? Url { get; init; }

    public int? MinSeconds { get; init; }

    public string? Label { get; init; }

    /// <summary>Every problem with the request as (field, message); empty when it can be started.</summary>
    public IEnumerable<(string Field, string Message)> Validate()
    {
        if (TimeLimitSeconds is < 1)
        {
            yield return ("time_limit", $"must be a positive number of seconds (got {TimeLimitSeconds})");
        }
        if (MinSeconds is < 0)
        {
            yield return ("record_min_sec", $"must not be negative (got {MinSeconds})");
        }
        if (Url is not null && UrlProblem(Url) is { } problem)
        {
            yield return ("url", problem);
        }
        if (Label is { Length: > 128 })
        {
            yield return ("label", "must be at most 128 characters");
        }
    }

    /// <summary>Null for an absolute http or https URL without credentials in it; otherwise what is wrong.</summary>
    public static string? UrlProblem(string url)
    {
        if (url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "must be an absolute http or https URL";
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"scheme '{uri.Scheme}' is not supported (http or https)";
        }
        if (uri.Fragment.Length > 0)
        {
            return "must not have a fragment";
        }
        return null;
    }

    /// <summary>The state of a recording started now with this request (validated first).</summary>
    public RecordingState ToState(string id, string callId, string origin, RecordingOptions options, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limit = TimeLimitSeconds is { } seconds && seconds < options.MaxTimeLimit.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : options.MaxTimeLimit;
        var format = Format ?? options.DefaultFormat;
        return new RecordingState
        {
            Id = id,
            CallId = callId,
            Format = format,
            Layout = Layout ?? options.DefaultLayout,
            TimeLimit = limit,
            MinLength = TimeSpan.FromSeconds(MinSeconds ?? options.DefaultMinSeconds),
            UploadUrl = Url is null ? null : RecordingState.UploadUrlFor(Url, callId, format),
            Label = Label,
            Origin = origin,
            MaxAttempts = options.UploadAttempts,
            StartedAt = at,
            UpdatedAt = at,
        };
    }
}
