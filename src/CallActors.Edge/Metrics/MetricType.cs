namespace CallActors.Edge.Metrics;

/// <summary>The Prometheus metric types an instrument maps to.</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
