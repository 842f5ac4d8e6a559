namespace GatoLink.NodeSim;

/// <summary>
/// The command-line entry point. An explicit class in our namespace (not top-level statements) so
/// that it does not clash with the silo's <c>Program</c> in projects that reference both.
/// </summary>
public static class NodeSimProgram
{
    /// <summary>Runs NodeSim until Ctrl+C.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (!CommandLine.TryParse(args, out var settings, out var error))
        {
            await Console.Error.WriteLineAsync(error);
            await Console.Error.WriteLineAsync(CommandLine.Usage);
            return 2;
        }

        if (settings.ShowHelp)
        {
            Console.WriteLine(CommandLine.Usage);
            return 0;
        }

        await using var server = await NodeSimServer.StartAsync(settings.Options, settings.Url);
        Console.WriteLine($"NodeSim ({settings.Options.Profile}) serving {string.Join(',', settings.Options.Models)} on {server.BaseUrl}");
        await server.WaitForShutdownAsync();
        return 0;
    }
}
