using System.Text.Json;
using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Silo.Ledger;

/// <summary>How a usage event is kept in the spool: its JSON (source-generated), and the check that a row read back is a whole event.</summary>
internal static class SpoolPayload
{
    /// <summary>The event as the spool stores it.</summary>
    public static string Encode(UsageEvent usage) => JsonSerializer.Serialize(usage, LedgerJsonContext.Default.UsageEvent);

    /// <summary>Reads a row back; false, with the reason, when it is not text, not JSON, or not a whole event.</summary>
    public static bool TryDecode(string? payload, out UsageEvent usage, out string reason)
    {
        usage = null!;
        if (payload is null)
        {
            reason = "not text";
            return false;
        }

        try
        {
            if (JsonSerializer.Deserialize(payload, LedgerJsonContext.Default.UsageEvent) is { } decoded
                && decoded.EventId != Guid.Empty && decoded.RequestId is not null && decoded.Model is not null && decoded.NodeId is not null && decoded.SiloId is not null)
            {
                usage = decoded;
                reason = "";
                return true;
            }

            reason = "incomplete event";
            return false;
        }
        catch (JsonException ex)
        {
            reason = $"undecodable: {ex.Message}";
            return false;
        }
    }
}
