namespace CallActors.Edge.Crossbar;

/// <summary>What a module answers: the HTTP status, the <c>data</c> of the envelope and, for errors, the Crossbar error
/// tag and message; listings add their paging keys.</summary>
public sealed class CrossbarResult
{
    private CrossbarResult(int statusCode, object? data, string? error, string? message)
    {
        StatusCode = statusCode;
        Data = data;
        Error = error;
        Message = message;
    }

    public int StatusCode { get; }

    public object? Data { get; }

    /// <summary>The error tag (<c>not_found</c>, <c>validation failed</c>…); null for success.</summary>
    public string? Error { get; }

    public string? Message { get; }

    public bool IsError => Error is not null;

    public int? PageSize { get; private init; }

    public string? StartKey { get; private init; }

    public string? NextStartKey { get; private init; }

    /// <summary>A file sent as the body instead of the envelope (a recording's audio).</summary>
    public CrossbarFile? File { get; private init; }

    /// <summary>Methods for the Allow header of a 405.</summary>
    public IReadOnlyCollection<string>? Allow { get; private init; }

    public static CrossbarResult Ok(object? data) => new(200, data, null, null);

    public static CrossbarResult Created(object? data) => new(201, data, null, null);

    public static CrossbarResult FileContent(CrossbarFile file) => new(200, null, null, null) { File = file };

    public static CrossbarResult Page<T>(IReadOnlyList<T> items, string? startKey, string? nextStartKey) =>
        new(200, items, null, null) { PageSize = items.Count, StartKey = startKey, NextStartKey = nextStartKey };

    public static CrossbarResult Failure(int statusCode, string error, string message, object? data = null) =>
        new(statusCode, data ?? new Dictionary<string, object?> { ["message"] = message }, error, message);

    public static CrossbarResult MethodNotAllowed(IReadOnlyCollection<string> allow) =>
        new(405, new Dictionary<string, object?> { ["message"] = "method not allowed", ["allowed"] = allow }, "invalid_method", "method not allowed") { Allow = allow };

    public static CrossbarResult NotFound() => Failure(404, "not_found", "not found");

    public static CrossbarResult BadIdentifier(string what, string value) =>
        Failure(404, "bad identifier", "bad identifier", new Dictionary<string, object?> { ["message"] = $"invalid {what} '{Truncate(value)}'" });

    public static CrossbarResult Unauthorized() => Failure(401, "invalid_credentials", "invalid credentials");

    public static CrossbarResult Forbidden(string message = "forbidden") => Failure(403, "forbidden", message);

    /// <summary>Crossbar's validation error: <c>data</c> is { field: { rule: { message } } }.</summary>
    public static CrossbarResult ValidationFailed(string field, string rule, string message) =>
        Failure(400, "validation failed", "validation failed", new Dictionary<string, object?>
        {
            [field] = new Dictionary<string, object?> { [rule] = new Dictionary<string, object?> { ["message"] = message } },
        });

    internal static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "…";
}

/// <summary>A file answered as it is: its path on this node, media type, the name a browser saves it under, and its
/// SHA-256 (hex) for the ETag.</summary>
public sealed record CrossbarFile(string Path, string ContentType, string DownloadName, string? Sha256);

/// <summary>Thrown by a module's helpers to end the request with <see cref="Result"/> (an error envelope).</summary>
public sealed class CrossbarException(CrossbarResult result) : Exception(result.Message)
{
    public CrossbarResult Result { get; } = result;
}
