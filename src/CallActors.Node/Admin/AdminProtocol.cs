using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Text.Json;

namespace CallActors.Node.Admin;

/// <summary>The admin socket's wire format, shared by the server and <c>callactors sup</c>: one line of JSON each way.</summary>
internal static class AdminProtocol
{
    /// <summary>The longest request line the server reads, without its newline.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>The longest reply line the client reads: listings can be long, but a client's memory is not a sink.</summary>
    public const int MaxReplyBytes = 16 * 1024 * 1024;

    // Exit codes from sysexits(3), so that a script calling sup can tell a bad request from a broken node.
    public const int ExitUsage = 64;
    public const int ExitSoftware = 70;
    public const int ExitNoPermission = 77;

    private const int ReceiveChunk = 4096;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 8, AllowDuplicateProperties = false };

    /// <summary>How reading a line ended.</summary>
    public enum LineStatus
    {
        Complete,

        /// <summary>The peer closed without sending a byte (e.g. a probe checking that a node is running).</summary>
        Closed,
        TooLong,
    }

    /// <summary>A line read from a socket, without its line ending.</summary>
    public readonly record struct Line(LineStatus Status, ReadOnlyMemory<byte> Bytes);

    /// <summary>Reads up to the first newline (or the end of the stream), holding at most about <paramref name="maxBytes"/>.</summary>
    public static async Task<Line> ReadLineAsync(Socket socket, int maxBytes, CancellationToken ct)
    {
        var received = new ArrayBufferWriter<byte>(ReceiveChunk);
        while (true)
        {
            var chunk = received.GetMemory(ReceiveChunk);
            var count = await socket.ReceiveAsync(chunk, SocketFlags.None, ct).ConfigureAwait(false);
            if (count == 0)
            {
                // A peer that shuts down its side after the JSON, without a newline, still sent a whole line.
                return received.WrittenCount == 0
                    ? new Line(LineStatus.Closed, default)
                    : Complete(received.WrittenMemory, maxBytes);
            }

            var newline = chunk.Span[..count].IndexOf((byte)'\n');
            var before = received.WrittenCount;
            received.Advance(count);
            if (newline >= 0)
            {
                return Complete(received.WrittenMemory[..(before + newline)], maxBytes);
            }

            if (received.WrittenCount > maxBytes)
            {
                return new Line(LineStatus.TooLong, default);
            }
        }
    }

    public static ReadOnlyMemory<byte> EncodeRequest(AdminRequest request) => EncodeLine(json =>
    {
        json.WriteStartObject();
        json.WriteString("module", request.Module);
        json.WriteString("function", request.Function);
        json.WriteStartArray("args");
        foreach (var arg in request.Args)
        {
            json.WriteStringValue(arg);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    public static ReadOnlyMemory<byte> EncodeReply(AdminReply reply) => EncodeLine(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("exit_code", reply.ExitCode);
        json.WriteString("output", reply.Output);
        json.WriteEndObject();
    });

    /// <summary>Decodes a request line; a malformed one yields the problem to tell the client, never an exception.</summary>
    public static bool TryDecodeRequest(ReadOnlyMemory<byte> line, [NotNullWhen(true)] out AdminRequest? request, [NotNullWhen(false)] out string? problem)
    {
        request = null;
        try
        {
            using var document = JsonDocument.Parse(line, DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "the request must be a JSON object";
                return false;
            }

            if (!TryGetName(root, "module", out var module, out problem) || !TryGetName(root, "function", out var function, out problem))
            {
                return false;
            }

            var args = new List<string>();
            if (root.TryGetProperty("args", out var argsElement))
            {
                if (argsElement.ValueKind != JsonValueKind.Array || argsElement.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String))
                {
                    problem = "'args' must be an array of strings";
                    return false;
                }

                args.AddRange(argsElement.EnumerateArray().Select(a => a.GetString()!));
            }

            request = new AdminRequest(module, function, args);
            return true;
        }
        catch (JsonException ex)
        {
            problem = $"the request is not valid JSON: {ex.Message}";
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // A string escaping a lone surrogate parses as JSON but is not text.
            problem = $"the request holds a string that is not valid text: {ex.Message}";
            return false;
        }
    }

    public static bool TryDecodeReply(ReadOnlyMemory<byte> line, [NotNullWhen(true)] out AdminReply? reply)
    {
        reply = null;
        try
        {
            using var document = JsonDocument.Parse(line, DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("exit_code", out var exitCode) && exitCode.ValueKind == JsonValueKind.Number && exitCode.TryGetInt32(out var code)
                && root.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.String)
            {
                reply = new AdminReply(code, output.GetString()!);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
        }

        return reply is not null;
    }

    private static bool TryGetName(JsonElement root, string property, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? problem)
    {
        value = root.TryGetProperty(property, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;

        // Names are logged; a control character in one could forge a log line.
        problem = string.IsNullOrEmpty(value) || value.Any(char.IsControl) ? $"'{property}' must be a non-empty string without control characters" : null;
        return problem is null;
    }

    private static Line Complete(ReadOnlyMemory<byte> line, int maxBytes)
    {
        if (line.Length > maxBytes)
        {
            return new Line(LineStatus.TooLong, default);
        }

        return new Line(LineStatus.Complete, line.Span.EndsWith("\r"u8) ? line[..^1] : line);
    }

    private static ReadOnlyMemory<byte> EncodeLine(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        buffer.Write("\n"u8);
        return buffer.WrittenMemory;
    }
}
