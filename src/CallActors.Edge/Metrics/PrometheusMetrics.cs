using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace CallActors.Edge.Metrics;

/// <summary>Collects every instrument of meters whose name starts with one of the prefixes (default "CallActors") and
/// writes them in the Prometheus text exposition format 0.0.4.</summary>
public sealed class PrometheusMetrics : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly string[] _meterPrefixes;
    private readonly ConcurrentDictionary<Instrument, MetricFamily> _families = new();
    private readonly MeterListener _listener;
    private readonly Lock _renderLock = new();

    public PrometheusMetrics(IEnumerable<string>? meterPrefixes = null)
    {
        _meterPrefixes = meterPrefixes?.ToArray() ?? ["CallActors"];
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = (instrument, state) => _families.TryRemove(instrument, out var _),
        };
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((MetricFamily)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Polls the observable instruments, then writes every family, sorted by name, with <c>\n</c> line ends
    /// whatever the platform's newline.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // One collection at a time: observable series are marked and swept per collection.
        lock (_renderLock)
        {
            var families = _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
            foreach (var family in families)
            {
                family.BeginCollection();
            }

            _listener.RecordObservableInstruments();
            string? previousName = null;
            var previousType = default(MetricType);
            foreach (var family in families)
            {
                var sameName = family.Name == previousName;
                // Two instruments (say, from two meters) that map to one name can share its header only when their
                // types agree; a second TYPE line, or samples of another type under it, would make the scrape fail.
                if (sameName && family.Type != previousType)
                {
                    continue;
                }

                family.WriteTo(writer, writeHeader: !sameName);
                previousName = family.Name;
                previousType = family.Type;
            }
        }
    }

    public string Render()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(writer);
        return writer.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!Matches(instrument.Meter.Name) || MetricFamily.Create(instrument) is not { } family)
        {
            return;
        }

        _families[instrument] = family;
        listener.EnableMeasurementEvents(instrument, family);
    }

    private bool Matches(string meterName)
    {
        foreach (var prefix in _meterPrefixes)
        {
            if (meterName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
