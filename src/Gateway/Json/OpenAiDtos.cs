namespace GatoLink.Gateway.Json;

/// <summary>OpenAI's error envelope.</summary>
public sealed record ErrorEnvelope(ErrorBody Error);

/// <summary>OpenAI's error object.</summary>
public sealed record ErrorBody(string Message, string Type, string? Param, string? Code);

/// <summary>One entry of <c>GET /v1/models</c>.</summary>
public sealed record ModelEntry(string Id, string Object, long Created, string OwnedBy);

/// <summary>The list of <c>GET /v1/models</c>.</summary>
public sealed record ModelList(string Object, IReadOnlyList<ModelEntry> Data);
