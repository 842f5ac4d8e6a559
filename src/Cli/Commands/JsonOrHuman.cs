using System.Text.Json.Nodes;
using GatoLink.Cli.Api;
using GatoLink.Cli.Hosting;

namespace GatoLink.Cli.Commands;

/// <summary>An answer shown as the silo's JSON with <c>-o json</c>, or for people by <paramref name="human"/> otherwise.</summary>
public static class JsonOrHuman
{
    /// <summary>Writes <paramref name="answer"/> and returns success.</summary>
    public static int Show(CommandCall call, ApiAnswer answer, Action<JsonNode> human)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(human);
        if (call.Output.IsJson)
        {
            call.Output.Json(answer.Body);
        }
        else
        {
            human(JsonNode.Parse(answer.Body)!);
        }

        return ExitCodes.Success;
    }
}
