using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CallActors.Capture;
using CallActors.Interop.Tests.Infrastructure;

namespace CallActors.Interop.Tests.Media;

/// <summary>
/// A dumpcap capture on lo (the capture engine tshark itself runs), started only once it provably records packets
/// and stopped only once everything sent before the stop is in the file.
/// </summary>
/// <remarks>
/// "Capturing on" on stderr means the interface is open, not that packets reach the file: the kernel hands dumpcap
/// packets in blocks, and dumpcap writes them out about every half second. Worse, on SIGINT it drops what the kernel
/// still holds (the last ~100 ms of a stream went missing that way). So both <see cref="Start"/> and
/// <see cref="Stop"/> send a probe datagram, again every 100 ms, until the probe is in the file. Probes are part of
/// the capture: tell them apart by their source port.
/// </remarks>
internal sealed class LoopbackCapture : IDisposable
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;
    private readonly StringBuilder _stderr;
    private readonly IPEndPoint _probeSource;
    private readonly IPEndPoint _probeDestination;

    private LoopbackCapture(Process process, StringBuilder stderr, string file, IPEndPoint probeSource, IPEndPoint probeDestination)
    {
        _process = process;
        _stderr = stderr;
        _probeSource = probeSource;
        _probeDestination = probeDestination;
        File = file;
    }

    public string File { get; }

    /// <summary>dumpcap's messages so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Captures on lo into <paramref name="file"/> (pcapng) what <paramref name="filter"/> (libpcap syntax) matches;
    /// returns once a probe from <paramref name="probeSource"/> to <paramref name="probeDestination"/>, which the
    /// filter must match, is in the file.
    /// </summary>
    public static LoopbackCapture Start(string file, string filter, IPEndPoint probeSource, IPEndPoint probeDestination, TimeSpan timeout)
    {
        var dumpcap = Peers.Require("dumpcap", "tshark");
        var info = new ProcessStartInfo(dumpcap)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-i", "lo", "-f", filter, "-w", file })
        {
            info.ArgumentList.Add(argument);
        }

        var stderr = new StringBuilder();
        var capturing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dumpcap");
        var capture = new LoopbackCapture(process, stderr, file, probeSource, probeDestination);
        try
        {
            process.ErrorDataReceived += (_, e) =>
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }

                if (e.Data?.Contains("Capturing on", StringComparison.Ordinal) == true)
                {
                    capturing.TrySetResult();
                }
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();

            var deadline = Stopwatch.StartNew();
            while (!capturing.Task.Wait(ProbeInterval))
            {
                if (process.HasExited || deadline.Elapsed > timeout)
                {
                    throw new InvalidOperationException($"dumpcap did not start capturing on lo within {timeout.TotalSeconds} s:\n{capture.Stderr}");
                }
            }

            capture.Probe("capture started"u8.ToArray(), timeout - deadline.Elapsed);
            return capture;
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    /// <summary>Waits until what was sent so far is in the file, then stops dumpcap with SIGINT, as Ctrl-C would.</summary>
    public string Stop(TimeSpan timeout)
    {
        Probe("capture stopping"u8.ToArray(), timeout);
        if (!_process.HasExited)
        {
            var (exitCode, _, stderr) = ToolRun.Run("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout);
            if (exitCode != 0 && !_process.HasExited)
            {
                throw new InvalidOperationException($"kill -INT {_process.Id} failed: {stderr}");
            }
        }

        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"dumpcap did not stop within {timeout.TotalSeconds} s of SIGINT:\n{Stderr}");
        }

        _process.WaitForExit(); // drains the redirected output
        return File;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    // Sends the probe until it shows up in the file. The kernel passes packets on in order, so everything sent before
    // the probe is in the file too.
    private void Probe(byte[] payload, TimeSpan timeout)
    {
        using var socket = new Socket(_probeSource.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(_probeSource);
        var deadline = Stopwatch.StartNew();
        while (!Contains(payload))
        {
            if (_process.HasExited || deadline.Elapsed > timeout)
            {
                throw new InvalidOperationException($"dumpcap wrote no probe to {File} within {timeout.TotalSeconds:F0} s:\n{Stderr}");
            }

            socket.SendTo(payload, _probeDestination);
            Thread.Sleep(ProbeInterval);
        }
    }

    // dumpcap may be in the middle of writing a block: the reader then stops there, which is fine for a look.
    private bool Contains(byte[] payload)
    {
        if (Length() == 0)
        {
            return false;
        }

        try
        {
            using var reader = PcapReader.Open(File);
            return reader.ReadDatagrams().Any(d => d.Payload.Span.SequenceEqual(payload));
        }
        catch (PcapFormatException)
        {
            return false; // not even the file header yet
        }
    }

    private long Length()
    {
        var info = new FileInfo(File);
        return info.Exists ? info.Length : 0;
    }
}
