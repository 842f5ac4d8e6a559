namespace GatoLink.NodeSim;

/// <summary>A request the server refuses; carries the status and the OpenAI error fields.</summary>
internal sealed class BadRequestException(string message, string? param = null, int status = StatusCodes.Status400BadRequest, string? type = null)
    : Exception(message)
{
    public string? Param { get; } = param;

    public int Status { get; } = status;

    /// <summary>The error's <c>type</c> when the route names one; null: the status's own.</summary>
    public string? Type { get; } = type;
}
