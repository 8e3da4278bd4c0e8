using System.Diagnostics;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Tests;

/// <summary>Seeded mutation fuzzing: whatever bytes arrive, the parser answers with a message or a one-line error and
/// never throws; whatever it accepts, it can write and read back.</summary>
public sealed class SipParserFuzzTests
{
    private const int Seed = 4475;
    private const int Iterations = 100_000;

    private static readonly string[] Bases =
    [
        "rfc4475/valid/wsinv.sip", "rfc4475/valid/intmeth.sip", "rfc4475/valid/esc01.sip", "rfc4475/valid/escnull.sip",
        "rfc4475/valid/mpart01.sip", "rfc4475/valid/unreason.sip", "rfc4475/valid/semiuri.sip",
        "traffic/sipp-call-01-invite.sip", "traffic/sipp-call-04-200-invite.sip", "traffic/sipp-refer-07-notify.sip",
        "traffic/sipp-refer-05-refer.sip",
    ];

    private static readonly byte[] Interesting = "\r\n\0\":;,<>@ \t?=%\\"u8.ToArray();

    [Fact]
    public void Mutated_messages_never_throw_and_always_get_a_verdict()
    {
        var random = new Random(Seed);
        var bases = Bases.Select(SipFixtures.Load).ToArray();
        var options = SipParserOptions.Default with { MaxMessageBytes = 8192, MaxHeaderCount = 64 };
        var buffer = new byte[64 * 1024];
        int accepted = 0, rejected = 0, keepAlives = 0;
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < Iterations; i++)
        {
            var source = bases[random.Next(bases.Length)];
            source.CopyTo(buffer, 0);
            var length = source.Length;
            var mutations = 1 + random.Next(4);
            for (var m = 0; m < mutations; m++)
            {
                length = Mutate(random, buffer, length);
            }
            var input = buffer.AsSpan(0, length);
            var framing = (i & 1) == 0 ? SipFraming.Datagram : SipFraming.Stream;

            SipParseResult result;
            try
            {
                result = SipParser.Parse(input, options, framing);
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {i} threw {e.GetType().Name}: {e.Message}\ninput (base64): {Convert.ToBase64String(input)}");
                throw;
            }

            if (result.Success)
            {
                accepted++;
                AssertReadsBack(result.Message!, i, input);
            }
            else if (result.IsKeepAlive)
            {
                keepAlives++;
            }
            else
            {
                rejected++;
                Assert.False(string.IsNullOrWhiteSpace(result.Error), $"iteration {i}: rejected without a reason");
                Assert.True(result.Error!.AsSpan().IndexOfAnyInRange('\0', '\u001f') < 0, $"iteration {i}: reason has a control character");
                Assert.InRange(result.RejectStatusCode, 400, 599);
            }
        }

        Assert.True(accepted > Iterations / 20, $"only {accepted} mutated messages were accepted");
        Assert.True(rejected > Iterations / 4, $"only {rejected} mutated messages were rejected");
        // About 4 s on a busy 2-core machine; the bound catches a parser that goes quadratic, it is not a benchmark.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{Iterations} parses took {clock.Elapsed}");
    }

    private static void AssertReadsBack(SipMessage message, int iteration, ReadOnlySpan<byte> input)
    {
        var again = SipParser.Parse(SipSerializer.Serialize(message), SipParserOptions.Default, SipFraming.Stream);
        Assert.True(again.Success, $"iteration {iteration}: accepted input does not read back ({again.Error})\ninput (base64): {Convert.ToBase64String(input)}");
        Assert.Equal(message.StartLine, again.Message!.StartLine);
        Assert.Equal(message.Headers.Count, again.Message.Headers.Count);
    }

    /// <summary>One random edit in place; returns the new length (kept within the buffer).</summary>
    private static int Mutate(Random random, byte[] buffer, int length)
    {
        var at = length == 0 ? 0 : random.Next(length);
        switch (random.Next(7))
        {
            case 0: // flip a byte
                if (length > 0)
                {
                    buffer[at] = (byte)random.Next(256);
                }
                return length;
            case 1: // truncate
                return at;
            case 2: // insert one interesting byte
                return Insert(buffer, length, at, [Interesting[random.Next(Interesting.Length)]]);
            case 3: // insert a long run of one byte
                var run = new byte[random.Next(1, 2000)];
                Array.Fill(run, random.Next(3) == 0 ? (byte)'A' : Interesting[random.Next(Interesting.Length)]);
                return Insert(buffer, length, at, run);
            case 4: // delete a range
                var count = Math.Min(length - at, random.Next(1, 40));
                Array.Copy(buffer, at + count, buffer, at, length - at - count);
                return length - count;
            case 5: // duplicate a line
                var start = at;
                while (start > 0 && buffer[start - 1] != '\n')
                {
                    start--;
                }
                var end = Array.IndexOf(buffer, (byte)'\n', at, length - at);
                if (end < 0)
                {
                    return length;
                }
                return Insert(buffer, length, end + 1, buffer.AsSpan(start, end + 1 - start).ToArray());
            default: // swap a byte for a line break or a separator
                if (length > 0)
                {
                    buffer[at] = Interesting[random.Next(4)];
                }
                return length;
        }
    }

    private static int Insert(byte[] buffer, int length, int at, byte[] bytes)
    {
        var count = Math.Min(bytes.Length, buffer.Length - length);
        Array.Copy(buffer, at, buffer, at + count, length - at);
        Array.Copy(bytes, 0, buffer, at, count);
        return length + count;
    }
}
