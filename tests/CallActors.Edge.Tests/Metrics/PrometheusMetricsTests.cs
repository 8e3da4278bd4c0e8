using System.Diagnostics.Metrics;
using CallActors.Edge.Metrics;

namespace CallActors.Edge.Tests.Metrics;

/// <summary>The /metrics text: each test has its own meter ("CallActors.Test.&lt;guid&gt;") and an exporter that
/// listens to that meter only, so parallel tests never see each other's series.</summary>
public sealed class PrometheusMetricsTests : IDisposable
{
    private readonly string _meterName = $"CallActors.Test.{Guid.NewGuid():N}";
    private readonly Meter _meter;
    private readonly PrometheusMetrics _metrics;

    public PrometheusMetricsTests()
    {
        _meter = new Meter(_meterName);
        _metrics = new PrometheusMetrics([_meterName]);
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void A_counter_is_summed_per_tag_set_whatever_the_tag_order()
    {
        var counter = _meter.CreateCounter<long>("callactors.sip.messages", "{message}", "SIP messages.");
        counter.Add(1, new("method", "INVITE"), new("direction", "received"));
        counter.Add(2, new("direction", "received"), new("method", "INVITE"));
        counter.Add(5, new KeyValuePair<string, object?>("direction", "sent"), new("method", "BYE"));

        Assert.Equal(
            [
                "# HELP callactors_sip_messages_total SIP messages.",
                "# TYPE callactors_sip_messages_total counter",
                "callactors_sip_messages_total{direction=\"received\",method=\"INVITE\"} 3",
                "callactors_sip_messages_total{direction=\"sent\",method=\"BYE\"} 5",
            ],
            Lines());
    }

    [Fact]
    public void A_counter_created_after_the_exporter_started_is_collected()
    {
        var lines = Lines();
        Assert.Empty(lines);

        var counter = _meter.CreateCounter<double>("late.bytes");
        counter.Add(1.5);
        counter.Add(0.25);

        Assert.Equal(["# TYPE late_bytes_total counter", "late_bytes_total 1.75"], Lines());
    }

    [Fact]
    public void An_up_down_counter_is_a_gauge_that_goes_both_ways()
    {
        var active = _meter.CreateUpDownCounter<long>("callactors.calls.active");
        active.Add(1);
        active.Add(1);
        active.Add(1);
        active.Add(-2);

        Assert.Equal(["# TYPE callactors_calls_active gauge", "callactors_calls_active 1"], Lines());
        active.Add(-1);
        Assert.Contains("callactors_calls_active 0", Lines());
    }

    [Fact]
    public void An_observable_gauge_is_read_on_every_render_and_shows_only_what_it_reports_now()
    {
        var calls = 0;
        var value = 7;
        _meter.CreateObservableGauge("relay.sessions", () =>
        {
            calls++;
            return calls == 1
                ? [new Measurement<int>(value, new KeyValuePair<string, object?>("worker", "0")), new Measurement<int>(3, new KeyValuePair<string, object?>("worker", "1"))]
                : new[] { new Measurement<int>(value, new KeyValuePair<string, object?>("worker", "0")) };
        });

        Assert.Equal(
            ["# TYPE relay_sessions gauge", "relay_sessions{worker=\"0\"} 7", "relay_sessions{worker=\"1\"} 3"],
            Lines());
        value = 9;
        Assert.Equal(["# TYPE relay_sessions gauge", "relay_sessions{worker=\"0\"} 9"], Lines());
        Assert.Equal(2, calls);
    }

    [Fact]
    public void An_observable_counter_gets_total_and_a_synchronous_gauge_keeps_its_last_value()
    {
        long packets = 10;
        _meter.CreateObservableCounter("relay.packets", () => packets);
        var gauge = _meter.CreateGauge<double>("queue.fill");
        gauge.Record(0.5);
        gauge.Record(0.75);

        Assert.Contains("relay_packets_total 10", Lines());
        packets = 25;
        var lines = Lines();
        Assert.Contains("relay_packets_total 25", lines);
        Assert.Contains("# TYPE relay_packets_total counter", lines);
        Assert.Contains("# TYPE queue_fill gauge", lines);
        Assert.Contains("queue_fill 0.75", lines);
    }

    [Fact]
    public void A_histogram_in_seconds_has_cumulative_buckets_whose_Inf_bucket_is_the_count()
    {
        var latency = _meter.CreateHistogram<double>("journal.write_duration", "s", "Batch write time.");
        foreach (var seconds in new[] { 0.0004, 0.003, 0.003, 0.2, 1, 42 })
        {
            latency.Record(seconds, new KeyValuePair<string, object?>("store", "sqlite"));
        }

        var lines = Lines();
        Assert.Equal("# HELP journal_write_duration_seconds Batch write time.", lines[0]);
        Assert.Equal("# TYPE journal_write_duration_seconds histogram", lines[1]);
        Assert.Equal(
            [
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"0.0005\"} 1",
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"0.001\"} 1",
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"0.0025\"} 1",
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"0.005\"} 3",
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"0.01\"} 3",
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"0.025\"} 3",
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"0.05\"} 3",
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"0.1\"} 3",
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"0.25\"} 4",
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"0.5\"} 4",
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"1\"} 5",
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"2.5\"} 5",
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"5\"} 5",
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"10\"} 5",
                "journal_write_duration_seconds_bucket{store=\"sqlite\",le=\"+Inf\"} 6",
                "journal_write_duration_seconds_sum{store=\"sqlite\"} 43.2064",
                "journal_write_duration_seconds_count{store=\"sqlite\"} 6",
            ],
            lines[2..]);
    }

    [Fact]
    public void Histogram_buckets_follow_the_unit()
    {
        _meter.CreateHistogram<long>("rtt", "ms").Record(3);
        _meter.CreateHistogram<int>("batch.rows", "{row}").Record(100);

        var lines = Lines();
        Assert.Equal(
            ["0.5", "1", "2.5", "5", "10", "25", "50", "100", "250", "500", "1000", "2500", "5000", "10000", "+Inf"],
            Bounds(lines, "rtt_bucket"));
        Assert.Contains("rtt_bucket{le=\"5\"} 1", lines);
        Assert.Contains("rtt_bucket{le=\"2.5\"} 0", lines);
        Assert.Equal(
            ["1", "2", "4", "8", "16", "32", "64", "128", "256", "512", "1024", "2048", "4096", "8192", "16384", "32768", "65536", "+Inf"],
            Bounds(lines, "batch_rows_bucket"));
        Assert.Contains("batch_rows_bucket{le=\"64\"} 0", lines);
        Assert.Contains("batch_rows_bucket{le=\"128\"} 1", lines);
        Assert.Contains("batch_rows_sum 100", lines);
    }

    [Fact]
    public void Names_and_label_names_are_sanitised_and_label_values_escaped()
    {
        var counter = _meter.CreateCounter<int>("9lives.sip-errors/min", "s", "Line one\nback\\slash \"quoted\"");
        counter.Add(1, new KeyValuePair<string, object?>("peer.host:port", "a\"b\\c\nd"), new("code", 503), new("tls", true));

        Assert.Equal(
            [
                "# HELP _9lives_sip_errors_min_seconds_total Line one\\nback\\\\slash \"quoted\"",
                "# TYPE _9lives_sip_errors_min_seconds_total counter",
                "_9lives_sip_errors_min_seconds_total{code=\"503\",peer_host_port=\"a\\\"b\\\\c\\nd\",tls=\"true\"} 1",
            ],
            Lines());
    }

    [Fact]
    public void A_name_already_suffixed_is_not_suffixed_again()
    {
        _meter.CreateCounter<long>("uptime_seconds_total", "s").Add(4);
        _meter.CreateHistogram<double>("wait_seconds", "s").Record(1);

        var lines = Lines();
        Assert.Contains("uptime_seconds_total 4", lines);
        Assert.Contains("wait_seconds_count 1", lines);
    }

    [Fact]
    public void NaN_and_infinities_are_written_as_Prometheus_writes_them()
    {
        var gauge = _meter.CreateGauge<double>("ratio");
        gauge.Record(double.NaN, new KeyValuePair<string, object?>("k", "nan"));
        gauge.Record(double.PositiveInfinity, new KeyValuePair<string, object?>("k", "pos"));
        gauge.Record(double.NegativeInfinity, new KeyValuePair<string, object?>("k", "neg"));
        gauge.Record(1e-7, new KeyValuePair<string, object?>("k", "small"));

        var lines = Lines();
        Assert.Contains("ratio{k=\"nan\"} NaN", lines);
        Assert.Contains("ratio{k=\"pos\"} +Inf", lines);
        Assert.Contains("ratio{k=\"neg\"} -Inf", lines);
        Assert.Contains("ratio{k=\"small\"} 1E-07", lines);
    }

    [Fact]
    public void Meters_outside_the_prefixes_are_ignored_and_the_default_prefix_is_CallActors()
    {
        using var other = new Meter($"Other.Test.{Guid.NewGuid():N}");
        other.CreateCounter<long>("callactors.other.hidden").Add(1);
        _meter.CreateCounter<long>("callactors.mine.shown").Add(1);

        Assert.Equal(["# TYPE callactors_mine_shown_total counter", "callactors_mine_shown_total 1"], Lines());

        // The default exporter sees every CallActors meter, other tests' included: look for this test's series only.
        var unique = $"default_{Guid.NewGuid():N}";
        using var everything = new PrometheusMetrics();
        _meter.CreateCounter<long>(unique).Add(2);
        other.CreateCounter<long>(unique + "_other").Add(3);
        var all = Split(everything.Render());
        Assert.Contains($"{unique}_total 2", all);
        Assert.DoesNotContain(all, line => line.Contains(unique + "_other", StringComparison.Ordinal));
    }

    [Fact]
    public void A_disposed_meter_leaves_the_output()
    {
        using var shortLived = new Meter(_meterName + ".short");
        shortLived.CreateCounter<long>("gone").Add(1);
        Assert.Contains("gone_total 1", Lines());

        shortLived.Dispose();
        Assert.Empty(Lines());
    }

    [Fact]
    public void A_measurement_for_a_tag_set_already_seen_allocates_nothing()
    {
        var counter = _meter.CreateCounter<long>("quiet.counter");
        var latency = _meter.CreateHistogram<double>("quiet.latency", "s");
        void Measure()
        {
            counter.Add(1, new KeyValuePair<string, object?>("method", "INVITE"), new("direction", "received"));
            counter.Add(1, new KeyValuePair<string, object?>("direction", "received"), new("method", "INVITE"));
            latency.Record(0.01, new KeyValuePair<string, object?>("method", "INVITE"));
        }

        for (var i = 0; i < 1_000; i++)
        {
            Measure();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            Measure();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Contains("quiet_counter_total{direction=\"received\",method=\"INVITE\"} 22000", Lines());
    }

    [Fact]
    public async Task Concurrent_increments_from_8_threads_sum_exactly()
    {
        const int Threads = 8;
        const int PerThread = 50_000;
        var counter = _meter.CreateCounter<long>("hot.counter");
        var seconds = _meter.CreateHistogram<double>("hot.latency", "s");
        var tags = new[] { "INVITE", "BYE" };
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < PerThread; i++)
                {
                    counter.Add(1, new KeyValuePair<string, object?>("method", tags[i & 1]), new("worker", t % 2));
                    seconds.Record(0.5);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default));
        // Scrapes while the measurements arrive must not disturb them.
        var scraping = Task.Run(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                _metrics.Render();
            }
        });

        await Task.WhenAll([.. workers, scraping]);

        var lines = Lines();
        var perSeries = Threads * PerThread / 4;
        Assert.Contains($"hot_counter_total{{method=\"BYE\",worker=\"0\"}} {perSeries}", lines);
        Assert.Contains($"hot_counter_total{{method=\"BYE\",worker=\"1\"}} {perSeries}", lines);
        Assert.Contains($"hot_counter_total{{method=\"INVITE\",worker=\"0\"}} {perSeries}", lines);
        Assert.Contains($"hot_counter_total{{method=\"INVITE\",worker=\"1\"}} {perSeries}", lines);
        Assert.Contains($"hot_latency_seconds_count {Threads * PerThread}", lines);
        Assert.Contains($"hot_latency_seconds_sum {Threads * PerThread * 0.5}", lines);
    }

    [Fact]
    public void WriteTo_ends_lines_with_LF_and_the_content_type_is_the_text_format()
    {
        _meter.CreateCounter<long>("lf").Add(1);
        using var writer = new StringWriter { NewLine = "\r\n" };

        _metrics.WriteTo(writer);

        Assert.Equal("# TYPE lf_total counter\nlf_total 1\n", writer.ToString());
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", PrometheusMetrics.ContentType);
    }

    private string[] Lines() => Split(_metrics.Render());

    private static string[] Split(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string[] Bounds(string[] lines, string bucket) =>
        [.. lines.Where(l => l.StartsWith(bucket + "{", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("le=\"", StringComparison.Ordinal) + 4)..l.LastIndexOf('"')])];
}
