using System.CommandLine;
using System.Text.Json;
using GatoLink.Cli.Api;
using GatoLink.Cli.Config;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.SignIn;

namespace GatoLink.Cli.Commands;

/// <summary>
/// Binds command actions and turns the failures a user can cause or meet into one line on standard error and an
/// exit code: usage errors 2; refusals, unreachable silo, bad key, failed or expired sign-in, unreadable answers 1; Ctrl+C 130.
/// Anything else is a bug and is left to surface.
/// </summary>
public sealed class CommandRunner
{
    private readonly CliContext _context;
    private readonly GlobalOptions _global;

    /// <summary>A runner for one invocation.</summary>
    public CommandRunner(CliContext context, GlobalOptions global)
    {
        _context = context;
        _global = global;
    }

    /// <summary>The global options.</summary>
    public GlobalOptions Global => _global;

    /// <summary>Makes <paramref name="action"/> the action of <paramref name="command"/>.</summary>
    public void Bind(Command command, Func<CommandCall, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parse, ct) => RunAsync(parse, action, ct));
    }

    private async Task<int> RunAsync(ParseResult parse, Func<CommandCall, Task<int>> action, CancellationToken ct)
    {
        using var call = new CommandCall(parse, _context, _global, ct);
        try
        {
            return await action(call);
        }
        catch (UsageException ex)
        {
            call.Output.Fail(ex.Message);
            return ExitCodes.Usage;
        }
        catch (ApiRefusedException ex)
        {
            call.Output.Fail(ex.Message);
            return ExitCodes.Failed;
        }
        catch (SiloUnreachableException ex)
        {
            call.Output.Fail(ex.Message);
            return ExitCodes.Failed;
        }
        catch (SignInException ex)
        {
            call.Output.Fail(ex.Message);
            return ExitCodes.Failed;
        }
        catch (ConfigFileException ex)
        {
            call.Output.Fail(ex.Message);
            return ExitCodes.Failed;
        }
        catch (JsonException ex)
        {
            call.Output.Fail("the silo's answer was not understood: " + ex.Message);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            call.Output.Fail("interrupted.");
            return ExitCodes.Cancelled;
        }
    }
}
