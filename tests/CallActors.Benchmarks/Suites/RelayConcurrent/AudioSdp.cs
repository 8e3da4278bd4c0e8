using System.Globalization;
using System.Net;
using System.Text;
using CallActors.Sip.Messages;
using CallActors.Sip.Sdp;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>The SDP both harness user agents send (one PCMU stream at 20 ms ptime on a given socket), and where an
/// SDP they receive wants the audio sent.</summary>
internal static class AudioSdp
{
    public const string ContentType = "application/sdp";

    public static byte[] Describe(IPEndPoint rtp) => Encoding.ASCII.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $"v=0\r\no=bench {rtp.Port} 1 IN IP4 {rtp.Address}\r\ns=relay-concurrent\r\nc=IN IP4 {rtp.Address}\r\nt=0 0\r\n" +
        $"m=audio {rtp.Port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n"));

    /// <summary>The address and port of the message's first audio stream, or null when it has no usable SDP.</summary>
    public static IPEndPoint? GetAudioDestination(SipMessage message) =>
        message.HasSdp
        && SdpParser.TryParse(message.Body.Span, out var session, out _)
        && session.Media.FirstOrDefault(m => m.MediaType == "audio" && !m.IsDisabled) is { } audio
        && IPAddress.TryParse(audio.ConnectionAddress, out var address)
            ? new IPEndPoint(address, audio.Port)
            : null;
}
