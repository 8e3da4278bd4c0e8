using System.Net.Http.Headers;
using CallActors.Recording;

namespace CallActors.Calls.Recording;

/// <summary>Delivers an encoded recording with one HTTP PUT of the whole file (streamed from disk), with its content
/// type and an RFC 3230 <c>Digest: sha-256=…</c> header so the receiver can check what arrived. Any 2xx is delivered;
/// anything else (refused connection, timeout, another status) is an error the state machine retries. Before a retry,
/// and before resuming after a restart, a HEAD asks whether the earlier attempt landed after all (its bytes can reach
/// the server after the node died or gave up waiting): a 2xx with the file's length counts as delivered, so the file
/// is not PUT twice.</summary>
public sealed class RecordingUploader : IDisposable
{
    private readonly HttpClient _client;

    public RecordingUploader()
    {
        // No proxy from the environment: recordings go where the request said, and a connection lives at most a minute
        // so a target that moves (DNS) is followed.
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("CallActors-recording/1");
    }

    /// <summary>Delivers the file, first asking (HEAD) whether it is already there when <paramref name="checkFirst"/>.</summary>
    public async Task<RecordingUploadResult> UploadAsync(RecordingState recording, TimeSpan timeout, bool checkFirst, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (recording.UploadUrl is not { } url || recording.LocalPath is not { } path)
        {
            return RecordingUploadResult.Failed("nothing to upload");
        }
        if (checkFirst && await AlreadyDeliveredAsync(url, recording.SizeBytes, timeout, cancellationToken).ConfigureAwait(false))
        {
            return new RecordingUploadResult(null, AlreadyThere: true);
        }
        if (!File.Exists(path))
        {
            return RecordingUploadResult.Failed($"the recording file {path} is missing");
        }
        return new RecordingUploadResult(await PutAsync(recording, url, path, timeout, cancellationToken).ConfigureAwait(false), AlreadyThere: false);
    }

    /// <summary>True when a HEAD of <paramref name="url"/> answers 2xx with <paramref name="size"/> as its length; any
    /// failure (no HEAD support, 404, no connection) is false, and the file is PUT.</summary>
    private async Task<bool> AlreadyDeliveredAsync(string url, long? size, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (size is null)
        {
            return false;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, url);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode && response.Content.Headers.ContentLength == size;
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private async Task<string?> PutAsync(RecordingState recording, string url, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            using var content = new StreamContent(file, 64 * 1024);
            content.Headers.ContentType = new MediaTypeHeaderValue(ContentType(recording.Format));
            content.Headers.ContentLength = file.Length;
            using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = content };
            if (recording.Sha256 is { } sha)
            {
                request.Headers.TryAddWithoutValidation("Digest", "sha-256=" + Convert.ToBase64String(Convert.FromHexString(sha)));
            }
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? null
                : $"PUT {Redact(url)} answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"PUT {Redact(url)} timed out after {timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException e)
        {
            return $"PUT {Redact(url)} failed: {e.Message}";
        }
        catch (IOException e)
        {
            return $"PUT {Redact(url)} failed: {e.Message}";
        }
    }

    public static string ContentType(RecordingFormat format) => format == RecordingFormat.Mp3 ? "audio/mpeg" : "audio/wav";

    /// <summary>The URL without user info or query string (where tokens live): what logs and errors may show.</summary>
    public static string Redact(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "(invalid url)";
        }
        var left = uri.GetLeftPart(UriPartial.Path);
        return uri.UserInfo.Length == 0 ? left : left.Replace(uri.UserInfo + "@", "", StringComparison.Ordinal);
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>How an upload went: <paramref name="Error"/> null when the file is at its url, with
/// <paramref name="AlreadyThere"/> when an earlier attempt had delivered it.</summary>
public sealed record RecordingUploadResult(string? Error, bool AlreadyThere)
{
    public static RecordingUploadResult Failed(string error) => new(error, AlreadyThere: false);
}
