using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace CallActors.Edge.Metrics;

/// <summary>One instrument as a Prometheus metric family: its name, type and help, and a series per tag set.</summary>
internal sealed class MetricFamily
{
    private static readonly Dictionary<Type, (MetricType Type, bool Replaces)> Kinds = new()
    {
        [typeof(Counter<>)] = (MetricType.Counter, false),
        [typeof(ObservableCounter<>)] = (MetricType.Counter, true),
        [typeof(UpDownCounter<>)] = (MetricType.Gauge, false),
        [typeof(ObservableUpDownCounter<>)] = (MetricType.Gauge, true),
        [typeof(Gauge<>)] = (MetricType.Gauge, true),
        [typeof(ObservableGauge<>)] = (MetricType.Gauge, true),
        [typeof(Histogram<>)] = (MetricType.Histogram, false),
    };

    private readonly ConcurrentDictionary<TagSet, MetricSeries> _series = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<TagSet, MetricSeries>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;
    private readonly string? _help;
    private readonly bool _observable;
    // Observable instruments and Gauge<T> report the current value; counters and up-down counters report a change.
    private readonly bool _replaces;
    private readonly bool _floating;
    private readonly double[]? _bounds;
    private readonly string[]? _boundLabels;

    private MetricFamily(Instrument instrument, MetricType type, bool replaces, bool floating)
    {
        Name = PrometheusText.MetricName(instrument.Name, instrument.Unit, type);
        Type = type;
        _help = string.IsNullOrEmpty(instrument.Description) ? null : PrometheusText.EscapeHelp(instrument.Description);
        _observable = instrument.IsObservable;
        _replaces = replaces;
        _floating = floating;
        if (type == MetricType.Histogram)
        {
            _bounds = HistogramBuckets.ForUnit(instrument.Unit);
            _boundLabels = Array.ConvertAll(_bounds, PrometheusText.FormatDouble);
        }

        _lookup = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    /// <summary>The sample name (with its <c>_seconds</c> and <c>_total</c> suffixes, not the histogram's).</summary>
    public string Name { get; }

    public MetricType Type { get; }

    /// <summary>The family of a known instrument type, or null for one we cannot express.</summary>
    public static MetricFamily? Create(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType || !Kinds.TryGetValue(type.GetGenericTypeDefinition(), out var kind))
        {
            return null;
        }

        var value = type.GetGenericArguments()[0];
        var floating = value == typeof(double) || value == typeof(float) || value == typeof(decimal);
        return new MetricFamily(instrument, kind.Type, kind.Replaces, floating);
    }

    public void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = GetSeries(tags);
        if (_bounds is not null)
        {
            series.Observe(value, _bounds);
        }
        else if (_replaces)
        {
            series.SetLong(value);
        }
        else
        {
            series.AddLong(value);
        }
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = GetSeries(tags);
        if (_bounds is not null)
        {
            series.Observe(value, _bounds);
        }
        else if (_replaces)
        {
            series.SetDouble(value);
        }
        else
        {
            series.AddDouble(value);
        }
    }

    /// <summary>Forgets which series the last collection observed, so that only those the callbacks report now are
    /// written (a call that ended must not stay at its last value forever).</summary>
    public void BeginCollection()
    {
        if (!_observable)
        {
            return;
        }

        foreach (var series in _series.Values)
        {
            series.Observed = false;
        }
    }

    public void WriteTo(TextWriter writer, bool writeHeader)
    {
        if (writeHeader)
        {
            if (_help is not null)
            {
                WriteLine(writer, $"# HELP {Name} {_help}");
            }

            WriteLine(writer, $"# TYPE {Name} {TypeText}");
        }

        var series = new List<KeyValuePair<TagSet, MetricSeries>>(_series.Count);
        foreach (var pair in _series)
        {
            if (!_observable || pair.Value.Observed)
            {
                series.Add(pair);
            }
            else
            {
                _series.TryRemove(pair);
            }
        }

        series.Sort(static (a, b) => string.CompareOrdinal(a.Key.Labels, b.Key.Labels));
        foreach (var (tags, values) in series)
        {
            if (_bounds is null)
            {
                var value = _floating
                    ? PrometheusText.FormatDouble(values.DoubleValue)
                    : values.LongValue.ToString(CultureInfo.InvariantCulture);
                WriteSample(writer, Name, tags.Labels, null, value);
            }
            else
            {
                WriteHistogram(writer, tags.Labels, values);
            }
        }
    }

    private string TypeText => Type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        _ => "histogram",
    };

    private MetricSeries GetSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_lookup.TryGetValue(tags, out var series))
        {
            return series;
        }

        // The first measurement of a tag set copies it into a key: the only allocation on the measurement path.
        return _series.GetOrAdd(new TagSet(tags), static (_, buckets) => new MetricSeries(buckets), _bounds is null ? 0 : _bounds.Length + 1);
    }

    private void WriteHistogram(TextWriter writer, string labels, MetricSeries values)
    {
        var counts = values.BucketCounts();
        long cumulative = 0;
        for (var i = 0; i < _boundLabels!.Length; i++)
        {
            cumulative += counts[i];
            WriteSample(writer, Name + "_bucket", labels, _boundLabels[i], cumulative.ToString(CultureInfo.InvariantCulture));
        }

        // The count is the bucket total rather than a separate counter, so +Inf always equals _count in a scrape.
        cumulative += counts[^1];
        var count = cumulative.ToString(CultureInfo.InvariantCulture);
        WriteSample(writer, Name + "_bucket", labels, "+Inf", count);
        WriteSample(writer, Name + "_sum", labels, null, PrometheusText.FormatDouble(values.Sum));
        WriteSample(writer, Name + "_count", labels, null, count);
    }

    private static void WriteSample(TextWriter writer, string name, string labels, string? le, string value)
    {
        writer.Write(name);
        if (labels.Length > 0 || le is not null)
        {
            writer.Write('{');
            writer.Write(labels);
            if (le is not null)
            {
                writer.Write(labels.Length > 0 ? ",le=\"" : "le=\"");
                writer.Write(le);
                writer.Write('"');
            }

            writer.Write('}');
        }

        writer.Write(' ');
        WriteLine(writer, value);
    }

    private static void WriteLine(TextWriter writer, string text)
    {
        writer.Write(text);
        writer.Write('\n');
    }
}
