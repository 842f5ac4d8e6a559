namespace GatoLink.Grains.Telemetry;

/// <summary>
/// Refuses unbounded identifiers as metric labels: one series per key or per request would
/// grow Prometheus without bound. The exporter drops such tags whoever recorded them.
/// </summary>
public static class MetricLabelPolicy
{
    /// <summary>
    /// True for label names that carry a key id, request id, trace or span id
    /// (<c>key_id</c>, <c>api_key</c>, <c>gatolink.request_id</c>, <c>RequestId</c>, …).
    /// </summary>
    public static bool IsForbidden(string labelName)
    {
        // Compare on letters and digits only, lower-cased, so "api.key-id" and "ApiKeyId" match.
        Span<char> buffer = stackalloc char[Math.Min(labelName.Length, 128)];
        var length = 0;
        foreach (var c in labelName)
        {
            if (length == buffer.Length)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }

        ReadOnlySpan<char> normalized = buffer[..length];
        return normalized.EndsWith("keyid")
            || normalized.EndsWith("apikey")
            || normalized.EndsWith("requestid")
            || normalized.EndsWith("traceid")
            || normalized.EndsWith("spanid")
            || normalized.EndsWith("eventid");
    }

    /// <summary>Throws when <paramref name="labelName"/> is forbidden; for code that builds tags.</summary>
    /// <exception cref="ArgumentException">The label would carry an unbounded identifier.</exception>
    public static void EnsureAllowed(string labelName)
    {
        if (IsForbidden(labelName))
        {
            throw new ArgumentException(
                $"'{labelName}' identifies a key or request; put it on the span, not on a metric.",
                nameof(labelName));
        }
    }
}
