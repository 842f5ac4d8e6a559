namespace GatoLink.NodeSim;

/// <summary>A request the server refuses; carries the status and the OpenAI error fields.</summary>
internal sealed class BadRequestException(string message, string? param = null, int status = StatusCodes.Status400BadRequest)
    : Exception(message)
{
    public string? Param { get; } = param;

    public int Status { get; } = status;
}
