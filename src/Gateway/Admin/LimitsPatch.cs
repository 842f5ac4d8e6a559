using System.Text.Json;
using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// JSON merge-patch of limits: a field that is absent stays, <c>null</c> removes the limit, a number sets it.
/// Records cannot tell "absent" from "null", so PATCH bodies are read as a <see cref="JsonElement"/>.
/// </summary>
public static class LimitsPatch
{
    /// <summary>The patched limits, or the name of the first bad field.</summary>
    public static (Limits? Limits, string? BadField) Apply(Limits current, JsonElement body)
    {
        ArgumentNullException.ThrowIfNull(current);
        try
        {
            var rpm = Field(body, "rpm", current.RequestsPerMinute, e => e.GetInt32());
            var tpm = Field(body, "tpm", current.TokensPerMinute, e => e.GetInt64());
            var day = Field(body, "daily_cost_usd", current.DailyCostMicros, e => Money.ToMicros(e.GetDecimal()));
            var month = Field(body, "monthly_cost_usd", current.MonthlyCostMicros, e => Money.ToMicros(e.GetDecimal()));
            var tokens = Field(body, "monthly_tokens", current.MonthlyTokens, e => e.GetInt64());
            if (rpm is <= 0 || tpm is <= 0 || day is < 0 || month is < 0 || tokens is < 0)
            {
                return (null, "rpm");
            }

            return (new Limits(rpm, tpm, day, month, tokens), null);
        }
        catch (BadFieldException ex)
        {
            return (null, ex.Field);
        }
    }

    /// <summary>The value of an optional string field: (present, value).</summary>
    public static (bool Present, string? Value) String(JsonElement body, string name) =>
        body.TryGetProperty(name, out var e)
            ? (true, e.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => e.GetString(),
                _ => throw new BadFieldException(name),
            })
            : (false, null);

    private static T? Field<T>(JsonElement body, string name, T? current, Func<JsonElement, T> read)
        where T : struct
    {
        if (!body.TryGetProperty(name, out var e))
        {
            return current;
        }

        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Number)
        {
            throw new BadFieldException(name);
        }

        try
        {
            return read(e);
        }
        catch (FormatException ex)
        {
            throw new BadFieldException(name, ex);
        }
    }
}
