using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CallActors.Edge.Crossbar;

/// <summary>
/// Writes the Crossbar envelope: <c>data</c>, <c>status</c>, <c>request_id</c>, <c>auth_token</c>, <c>revision</c> (a
/// hash of <c>data</c>, also the ETag), <c>timestamp</c>, <c>node</c>, <c>version</c> when authenticated, and the
/// paging keys of listings; errors add <c>error</c> (the HTTP code as a string) and <c>message</c>.
/// </summary>
public static class CrossbarEnvelope
{
    private static readonly JsonEncodedText DataKey = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText StatusKey = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText RequestIdKey = JsonEncodedText.Encode("request_id");
    private static readonly JsonEncodedText AuthTokenKey = JsonEncodedText.Encode("auth_token");
    private static readonly JsonEncodedText RevisionKey = JsonEncodedText.Encode("revision");
    private static readonly JsonEncodedText TimestampKey = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText NodeKey = JsonEncodedText.Encode("node");
    private static readonly JsonEncodedText VersionKey = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText ErrorKey = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText MessageKey = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText PageSizeKey = JsonEncodedText.Encode("page_size");
    private static readonly JsonEncodedText StartKeyKey = JsonEncodedText.Encode("start_key");
    private static readonly JsonEncodedText NextStartKeyKey = JsonEncodedText.Encode("next_start_key");
    private static readonly JsonEncodedText Success = JsonEncodedText.Encode("success");
    private static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");

    private static async Task WriteFileAsync(HttpContext http, CrossbarFile file, string requestId)
    {
        var response = http.Response;
        response.StatusCode = 200;
        response.ContentType = file.ContentType;
        response.ContentLength = new FileInfo(file.Path).Length;
        response.Headers[HeaderNames.CacheControl] = "no-store";
        response.Headers["X-Request-ID"] = requestId;
        response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileNameStar = file.DownloadName }.ToString();
        if (file.Sha256 is { } sha)
        {
            response.Headers[HeaderNames.ETag] = $"\"{sha}\"";
        }
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await response.SendFileAsync(file.Path, http.RequestAborted).ConfigureAwait(false);
        }
    }

    public static async Task WriteAsync(HttpContext http, CrossbarResult result, string requestId, string? authToken, EdgeServices services)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(services);
        if (result.File is { } file)
        {
            await WriteFileAsync(http, file, requestId).ConfigureAwait(false);
            return;
        }
        var data = new ArrayBufferWriter<byte>(512);
        using (var dataWriter = new Utf8JsonWriter(data, new JsonWriterOptions { Encoder = CrossbarJson.Options.Encoder, SkipValidation = true }))
        {
            JsonSerializer.Serialize(dataWriter, result.Data, CrossbarJson.Options);
        }
        var revision = Revision(data.WrittenSpan);

        var response = http.Response;
        response.StatusCode = result.StatusCode;
        response.ContentType = "application/json";
        response.Headers[HeaderNames.CacheControl] = "no-store";
        response.Headers["X-Request-ID"] = requestId;
        if (!result.IsError)
        {
            response.Headers[HeaderNames.ETag] = $"\"{revision}\"";
        }
        if (result.StatusCode == 413)
        {
            // The unread body may be huge: close rather than let the server read it all to keep the connection.
            response.Headers[HeaderNames.Connection] = "close";
        }
        if (result.Allow is { } allow)
        {
            response.Headers[HeaderNames.Allow] = string.Join(", ", allow);
        }

        var body = new ArrayBufferWriter<byte>(data.WrittenCount + 256);
        using (var writer = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(DataKey);
            writer.WriteRawValue(data.WrittenSpan, skipInputValidation: true);
            writer.WriteString(StatusKey, result.IsError ? Error : Success);
            if (result.IsError)
            {
                writer.WriteString(ErrorKey, result.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString(MessageKey, result.Error);
            }
            writer.WriteString(RequestIdKey, requestId);
            if (authToken is not null)
            {
                writer.WriteString(AuthTokenKey, authToken);
                writer.WriteString(VersionKey, services.Version);
            }
            if (!result.IsError)
            {
                writer.WriteString(RevisionKey, revision);
            }
            writer.WriteString(TimestampKey, services.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString(NodeKey, services.Node);
            if (result.PageSize is { } pageSize)
            {
                writer.WriteNumber(PageSizeKey, pageSize);
                if (result.StartKey is { } startKey)
                {
                    writer.WriteString(StartKeyKey, startKey);
                }
                if (result.NextStartKey is { } next)
                {
                    writer.WriteString(NextStartKeyKey, next);
                }
            }
            writer.WriteEndObject();
        }
        response.ContentLength = body.WrittenCount;
        await response.Body.WriteAsync(body.WrittenMemory, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>FNV-1a (64 bits) of the data: cheap, and any change of the data changes it.</summary>
    private static string Revision(ReadOnlySpan<byte> data)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
