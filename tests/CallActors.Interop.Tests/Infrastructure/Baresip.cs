using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit.Sdk;

namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>
/// baresip 1.0 as a headless softphone on the test's own address, configured from tests/fixtures/baresip and driven
/// through its ctrl_tcp module: commands and replies, and the call events it reports, are netstrings
/// (<c>&lt;length&gt;:&lt;json&gt;,</c>). Disposing stops it.
/// </summary>
internal sealed class Baresip : IDisposable
{
    private const int ControlPort = 4444;

    private readonly Process _process;
    private readonly TcpClient _control;
    private readonly BlockingCollection<JsonElement> _received = [];
    private readonly List<JsonElement> _unclaimed = [];
    private readonly ConcurrentQueue<string> _transcript = new();
    private readonly StringBuilder _output;
    private int _nextToken;

    private Baresip(Process process, TcpClient control, StringBuilder output)
    {
        _process = process;
        _control = control;
        _output = output;
        _ = Task.Run(ReadControl);
    }

    /// <summary>baresip's console output and everything exchanged on ctrl_tcp, for assertion messages.</summary>
    public string Transcript
    {
        get
        {
            lock (_output)
            {
                return $"--- ctrl_tcp:\n{string.Join('\n', _transcript)}\n--- baresip output:\n{_output}";
            }
        }
    }

    /// <summary>Writes the config into <c>directory/baresip</c> for <paramref name="address"/> (SIP on port 5060,
    /// ctrl_tcp on 4444, RTP from <paramref name="rtpPorts"/>), starts baresip and connects to ctrl_tcp.</summary>
    public static Baresip Start(string directory, string address, string rtpPorts, TimeSpan lifetime)
    {
        var binary = Peers.Require("baresip", "baresip");
        var config = Path.Combine(directory, "baresip");
        Directory.CreateDirectory(config);
        foreach (var file in new[] { "config", "accounts" })
        {
            var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "baresip", file));
            File.WriteAllText(Path.Combine(config, file), template.Replace("@ADDRESS@", address, StringComparison.Ordinal).Replace("@RTP_PORTS@", rtpPorts, StringComparison.Ordinal));
        }

        File.WriteAllText(Path.Combine(config, "contacts"), string.Empty);
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        // -t: baresip quits by itself after this long, should the test die without disposing it.
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(config);
        info.ArgumentList.Add("-t");
        info.ArgumentList.Add(((int)lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start baresip");
        process.StandardInput.Close();
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            ListeningSockets.WaitUntilListening(address, ControlPort, tcp: true, TimeSpan.FromSeconds(10), () => process.HasExited ? $"baresip exited {process.ExitCode}: {output}" : null);
            var control = new TcpClient();
            control.Connect(address, ControlPort);
            return new Baresip(process, control, output);
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>Runs a menu command (dial, hangup, ...) and fails unless baresip answers ok.</summary>
    public void Command(string command, string? parameters = null)
    {
        var token = "t" + Interlocked.Increment(ref _nextToken).ToString(CultureInfo.InvariantCulture);
        var json = JsonSerializer.Serialize(new { command, @params = parameters, token });
        var body = Encoding.UTF8.GetBytes(json);
        var frame = Encoding.ASCII.GetBytes(body.Length.ToString(CultureInfo.InvariantCulture) + ":").Concat(body).Append((byte)',').ToArray();
        _transcript.Enqueue("> " + json);
        _control.GetStream().Write(frame);
        var reply = Next(e => e.TryGetProperty("response", out _) && e.TryGetProperty("token", out var t) && t.GetString() == token, TimeSpan.FromSeconds(10), $"the reply to '{command}'");
        if (!reply.GetProperty("ok").GetBoolean())
        {
            throw new XunitException($"baresip refused '{command} {parameters}': {reply}\n{Transcript}");
        }
    }

    /// <summary>Waits for a call event (CALL_RINGING, CALL_ESTABLISHED, CALL_CLOSED...).</summary>
    public JsonElement WaitForCallEvent(string type, TimeSpan timeout) =>
        Next(e => e.TryGetProperty("event", out _) && e.TryGetProperty("type", out var t) && t.GetString() == type, timeout, $"event {type}");

    public void Dispose()
    {
        _control.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
        _process.Dispose();
        _received.Dispose();
    }

    /// <summary>The first reply or event that is <paramref name="wanted"/>; the others stay for later waits (an event
    /// may come before the reply to the command that caused it).</summary>
    private JsonElement Next(Func<JsonElement, bool> wanted, TimeSpan timeout, string what)
    {
        var earlier = _unclaimed.FindIndex(e => wanted(e));
        if (earlier >= 0)
        {
            var found = _unclaimed[earlier];
            _unclaimed.RemoveAt(earlier);
            return found;
        }

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero || !_received.TryTake(out var element, left))
            {
                throw new XunitException($"baresip: no {what} within {timeout.TotalSeconds:0} s\n{Transcript}");
            }

            if (wanted(element))
            {
                return element;
            }

            _unclaimed.Add(element);
        }
    }

    private async Task ReadControl()
    {
        var stream = _control.GetStream();
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
            {
                buffer.AddRange(chunk.AsSpan(0, read));
                while (TryTakeNetstring(buffer, out var payload))
                {
                    _transcript.Enqueue("< " + payload);
                    _received.Add(JsonDocument.Parse(payload).RootElement.Clone());
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The test is over (socket or queue disposed), or baresip went away: waits report the missing event.
        }
    }

    private static bool TryTakeNetstring(List<byte> buffer, out string payload)
    {
        payload = string.Empty;
        var colon = buffer.IndexOf((byte)':');
        if (colon < 0)
        {
            return false;
        }

        var length = int.Parse(Encoding.ASCII.GetString(buffer.GetRange(0, colon).ToArray()), CultureInfo.InvariantCulture);
        if (buffer.Count < colon + 1 + length + 1)
        {
            return false;
        }

        payload = Encoding.UTF8.GetString(buffer.GetRange(colon + 1, length).ToArray());
        buffer.RemoveRange(0, colon + 1 + length + 1); // and the trailing ','
        return true;
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }
}
