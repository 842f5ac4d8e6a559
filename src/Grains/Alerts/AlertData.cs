using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GatoLink.Grains.Alerts;

/// <summary>The <c>data</c> of the alert events, their JSON and their derived ids.</summary>
public static partial class AlertData
{
    /// <summary>A budget crossed a threshold.</summary>
    public sealed record BudgetThreshold(string Scope, Guid ScopeId, Guid TenantId, string Budget, int ThresholdPercent, long Used, long Limit, DateTimeOffset ResetsAt);

    /// <summary>A key's hourly spend passed its anomaly factor times its trailing 7-day hourly average.</summary>
    public sealed record SpendAnomaly(Guid KeyId, Guid TenantId, DateTimeOffset Hour, long HourSpendMicros, double AverageHourMicros, double Factor);

    /// <summary>A stable id for an event named by <paramref name="text"/> (the first 16 bytes of its SHA-256).</summary>
    public static Guid IdOf(string text) => new(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    /// <summary>The snake_case JSON of a budget crossing.</summary>
    public static string Json(BudgetThreshold data) => JsonSerializer.Serialize(data, AlertJsonContext.Default.BudgetThreshold);

    /// <summary>The snake_case JSON of a spend anomaly.</summary>
    public static string Json(SpendAnomaly data) => JsonSerializer.Serialize(data, AlertJsonContext.Default.SpendAnomaly);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
    [JsonSerializable(typeof(BudgetThreshold))]
    [JsonSerializable(typeof(SpendAnomaly))]
    private sealed partial class AlertJsonContext : JsonSerializerContext;
}
