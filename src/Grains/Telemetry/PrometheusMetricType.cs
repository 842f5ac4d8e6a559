namespace GatoLink.Grains.Telemetry;

/// <summary>The Prometheus <c># TYPE</c> an instrument is exported as.</summary>
internal enum PrometheusMetricType
{
    Counter,
    Gauge,
    Histogram,
}
