using System.Text.Json;
using CallActors.Edge.Accounts;
using Microsoft.AspNetCore.Http;

namespace CallActors.Edge.Crossbar;

/// <summary>One request as a module sees it: the path's account and parameters, the caller's account (from the
/// token), the query, the body, and the services.</summary>
public sealed class CrossbarContext
{
    private static readonly JsonElement EmptyData = JsonElement.Parse("{}");

    internal CrossbarContext(HttpContext http, EdgeServices services, CrossbarModule module, string? accountId, IReadOnlyList<string> parameters, string requestId)
    {
        Http = http;
        Services = services;
        Module = module;
        AccountId = accountId;
        Parameters = parameters;
        RequestId = requestId;
    }

    public HttpContext Http { get; }

    public EdgeServices Services { get; }

    public CrossbarModule Module { get; }

    /// <summary>The <c>{ACCOUNT_ID}</c> of the path (checked: it exists and the caller may see it).</summary>
    public string? AccountId { get; }

    /// <summary>The path segments after the noun.</summary>
    public IReadOnlyList<string> Parameters { get; }

    public string RequestId { get; }

    public CrossbarRoute Route { get; internal set; } = null!;

    /// <summary>The token that authenticated the request, and its account.</summary>
    public string? AuthToken { get; internal set; }

    public Account? Caller { get; internal set; }

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The account of the path; only valid on account-scoped routes.</summary>
    public Account Account => Services.Accounts.Find(AccountId!) ?? throw new CrossbarException(CrossbarResult.BadIdentifier("account_id", AccountId ?? ""));

    public string? Query(string name)
    {
        var values = Http.Request.Query[name];
        if (values.Count > 1)
        {
            throw new CrossbarException(CrossbarResult.ValidationFailed(name, "type", $"'{name}' is given {values.Count} times"));
        }
        return values.Count == 0 ? null : values[0];
    }

    /// <summary><c>page_size</c> (default and bounds from the options) and <c>start_key</c>.</summary>
    public (int PageSize, string? StartKey) Paging()
    {
        var options = Services.Options;
        var pageSize = options.DefaultPageSize;
        if (Query("page_size") is { } text)
        {
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > options.MaxPageSize)
            {
                throw new CrossbarException(CrossbarResult.ValidationFailed("page_size", "maximum", $"page_size must be a whole number from 1 to {options.MaxPageSize}"));
            }
        }
        return (pageSize, Query("start_key"));
    }

    /// <summary>A time filter: ISO-8601, Unix seconds, or Gregorian seconds as Kazoo uses (above year 3000 in Unix terms).</summary>
    public DateTimeOffset? TimeQuery(string name)
    {
        if (Query(name) is not { } text)
        {
            return null;
        }
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds > Calls.Inspection.CallInspector.UnixEpochInGregorianSeconds)
            {
                seconds -= Calls.Inspection.CallInspector.UnixEpochInGregorianSeconds;
            }
            if (seconds <= 253_402_300_799)
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
        }
        else if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }
        throw new CrossbarException(CrossbarResult.ValidationFailed(name, "format", $"{name} must be an ISO-8601 time or Unix/Gregorian seconds"));
    }

    /// <summary>The request body's <c>data</c> object. Malformed JSON or a body without an object <c>data</c>: 400;
    /// a body over the limit: 413. No body at all on a route whose body is optional: an empty object.</summary>
    public async ValueTask<JsonElement> ReadDataAsync()
    {
        var limit = Services.Options.MaxRequestBody;
        var request = Http.Request;
        if (request.ContentLength > limit)
        {
            throw new CrossbarException(TooLarge(limit));
        }
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(new LimitedStream(buffer, limit), Aborted).ConfigureAwait(false);
        }
        catch (LimitExceededException)
        {
            throw new CrossbarException(TooLarge(limit));
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new CrossbarException(TooLarge(limit));
        }
        if (buffer.Length == 0 && Route.BodyOptional)
        {
            return EmptyData;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            throw new CrossbarException(CrossbarResult.Failure(400, "parse_error", "failed to parse request body"));
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw new CrossbarException(CrossbarResult.ValidationFailed("data", "type", "the body must be a JSON object with an object 'data'"));
            }
            return data.Clone();
        }
    }

    private static CrossbarResult TooLarge(long limit) =>
        CrossbarResult.Failure(413, "request_too_large", $"the request body is over {limit} bytes");

    /// <summary>Copies into a buffer until the limit, then refuses.</summary>
    private sealed class LimitedStream(MemoryStream inner, long limit) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (inner.Length + buffer.Length > limit)
            {
                throw new LimitExceededException();
            }
            inner.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class LimitExceededException : Exception;
}
