using GatoLink.Grains.Abstractions.Cache;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.Silo.Storage;

/// <summary>
/// The snake_case text of the contract enums, as stored and as sent in JSON.
/// Explicit tables rather than a naming policy: <c>llamacpp</c>, <c>openai</c> and <c>gatolink</c> are names, not word splits.
/// </summary>
public static class EnumText
{
    /// <summary>Text of a role.</summary>
    public static string ToText(ApiKeyRole value) => value switch
    {
        ApiKeyRole.User => "user",
        ApiKeyRole.TenantAdmin => "tenant_admin",
        ApiKeyRole.SystemAdmin => "system_admin",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    /// <summary>Text of a key's priority class.</summary>
    public static string ToText(PriorityClass value) => value switch
    {
        PriorityClass.Interactive => "interactive",
        PriorityClass.Batch => "batch",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    /// <summary>Parses a priority class's text (exact, lower-case).</summary>
    public static bool TryParse(string? text, out PriorityClass value)
    {
        (var ok, value) = text switch
        {
            "interactive" => (true, PriorityClass.Interactive),
            "batch" => (true, PriorityClass.Batch),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>Text of a key status.</summary>
    public static string ToText(ApiKeyStatus value) => value switch
    {
        ApiKeyStatus.Active => "active",
        ApiKeyStatus.Revoked => "revoked",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    /// <summary>Text of an engine kind.</summary>
    public static string ToText(EngineKind value) => value switch
    {
        EngineKind.Vllm => "vllm",
        EngineKind.Ollama => "ollama",
        EngineKind.Tgi => "tgi",
        EngineKind.LlamaCpp => "llamacpp",
        EngineKind.OpenAi => "openai",
        EngineKind.Anthropic => "anthropic",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    /// <summary>Text of a placement strategy.</summary>
    public static string ToText(PlacementStrategyKind value) => value switch
    {
        PlacementStrategyKind.GatoLink => "gatolink",
        PlacementStrategyKind.LeastRequest => "least_request",
        PlacementStrategyKind.RoundRobin => "round_robin",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    /// <summary>Text of a response-cache mode.</summary>
    public static string ToText(CacheMode value) => value switch
    {
        CacheMode.Off => "off",
        CacheMode.Exact => "exact",
        CacheMode.Semantic => "semantic",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    /// <summary>Parses a response-cache mode's text (exact, lower-case).</summary>
    public static bool TryParse(string? text, out CacheMode value)
    {
        (var ok, value) = text switch
        {
            "off" => (true, CacheMode.Off),
            "exact" => (true, CacheMode.Exact),
            "semantic" => (true, CacheMode.Semantic),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>Parses a role's text (exact, lower-case).</summary>
    public static bool TryParse(string? text, out ApiKeyRole value)
    {
        (var ok, value) = text switch
        {
            "user" => (true, ApiKeyRole.User),
            "tenant_admin" => (true, ApiKeyRole.TenantAdmin),
            "system_admin" => (true, ApiKeyRole.SystemAdmin),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>Parses a key status's text (exact, lower-case).</summary>
    public static bool TryParse(string? text, out ApiKeyStatus value)
    {
        (var ok, value) = text switch
        {
            "active" => (true, ApiKeyStatus.Active),
            "revoked" => (true, ApiKeyStatus.Revoked),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>Parses an engine kind's text (exact, lower-case).</summary>
    public static bool TryParse(string? text, out EngineKind value)
    {
        (var ok, value) = text switch
        {
            "vllm" => (true, EngineKind.Vllm),
            "ollama" => (true, EngineKind.Ollama),
            "tgi" => (true, EngineKind.Tgi),
            "llamacpp" => (true, EngineKind.LlamaCpp),
            "openai" => (true, EngineKind.OpenAi),
            "anthropic" => (true, EngineKind.Anthropic),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>Parses a placement strategy's text (exact, lower-case).</summary>
    public static bool TryParse(string? text, out PlacementStrategyKind value)
    {
        (var ok, value) = text switch
        {
            "gatolink" => (true, PlacementStrategyKind.GatoLink),
            "least_request" => (true, PlacementStrategyKind.LeastRequest),
            "round_robin" => (true, PlacementStrategyKind.RoundRobin),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>Text of an overflow policy.</summary>
    public static string ToText(OverflowPolicy value) => value switch
    {
        OverflowPolicy.Never => "never",
        OverflowPolicy.WhenSaturated => "when_saturated",
        OverflowPolicy.OnError => "on_error",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    /// <summary>Parses an overflow policy's text (exact, lower-case).</summary>
    public static bool TryParse(string? text, out OverflowPolicy value)
    {
        (var ok, value) = text switch
        {
            "never" => (true, OverflowPolicy.Never),
            "when_saturated" => (true, OverflowPolicy.WhenSaturated),
            "on_error" => (true, OverflowPolicy.OnError),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>Text of a tenant's external-overflow setting.</summary>
    public static string ToText(ExternalOverflow value) => value == ExternalOverflow.Deny ? "deny" : "allow";

    /// <summary>Parses a tenant's external-overflow setting (exact, lower-case).</summary>
    public static bool TryParse(string? text, out ExternalOverflow value)
    {
        (var ok, value) = text switch
        {
            "allow" => (true, ExternalOverflow.Allow),
            "deny" => (true, ExternalOverflow.Deny),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>Text of a node's native API.</summary>
    public static string ToText(NodeApi value) => value switch
    {
        NodeApi.Responses => "responses",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    /// <summary>Parses a node's native API's text (exact, lower-case).</summary>
    public static bool TryParse(string? text, out NodeApi value)
    {
        (var ok, value) = text switch
        {
            "responses" => (true, NodeApi.Responses),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>Parses the text of any of the contract enums; throws <see cref="FormatException"/> on unknown text.</summary>
    public static TEnum Parse<TEnum>(string text)
        where TEnum : struct, Enum
    {
        object? parsed = typeof(TEnum) switch
        {
            var t when t == typeof(ApiKeyRole) => TryParse(text, out ApiKeyRole r) ? r : null,
            var t when t == typeof(ApiKeyStatus) => TryParse(text, out ApiKeyStatus s) ? s : null,
            var t when t == typeof(EngineKind) => TryParse(text, out EngineKind e) ? e : null,
            var t when t == typeof(PlacementStrategyKind) => TryParse(text, out PlacementStrategyKind p) ? p : null,
            var t when t == typeof(CacheMode) => TryParse(text, out CacheMode c) ? c : null,
            var t when t == typeof(PriorityClass) => TryParse(text, out PriorityClass p) ? p : null,
            var t when t == typeof(OverflowPolicy) => TryParse(text, out OverflowPolicy o) ? o : null,
            var t when t == typeof(ExternalOverflow) => TryParse(text, out ExternalOverflow x) ? x : null,
            var t when t == typeof(NodeApi) => TryParse(text, out NodeApi n) ? n : null,
            _ => throw new NotSupportedException($"{typeof(TEnum).Name} has no stored text form."),
        };
        return parsed is TEnum value
            ? value
            : throw new FormatException($"'{text}' is not a known {typeof(TEnum).Name}.");
    }
}
