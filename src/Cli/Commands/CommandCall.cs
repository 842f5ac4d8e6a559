using System.CommandLine;
using GatoLink.Cli.Api;
using GatoLink.Cli.Config;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;

namespace GatoLink.Cli.Commands;

/// <summary>One run of a command: its parsed arguments, where to write, and (on first use) a client for the silo.</summary>
public sealed class CommandCall : IDisposable
{
    private readonly GlobalOptions _global;
    private AdminClient? _client;

    /// <summary>A call.</summary>
    public CommandCall(ParseResult parse, CliContext context, GlobalOptions global, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(context);
        _global = global;
        Parse = parse;
        Context = context;
        Cancellation = cancellation;
        Output = new Renderer(context.Out, context.Error, global.OutputOf(parse));
    }

    /// <summary>The parsed command line.</summary>
    public ParseResult Parse { get; }

    /// <summary>Consoles, input and environment.</summary>
    public CliContext Context { get; }

    /// <summary>Where results go.</summary>
    public Renderer Output { get; }

    /// <summary>Ctrl+C.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>The profile store the environment points at.</summary>
    public ProfileStore Profiles => ProfileStore.FromEnvironment(Context.Environment);

    /// <summary>The profile this call uses.</summary>
    public string ProfileName => ConnectionResolver.ProfileName(Parse.GetValue(_global.Profile), Context.Environment);

    /// <summary><c>--url</c> as given.</summary>
    public string? UrlFlag => Parse.GetValue(_global.Url);

    /// <summary><c>--key</c> as given.</summary>
    public string? KeyFlag => Parse.GetValue(_global.Key);

    /// <summary>The admin API client, connected as the flags, environment or profile say.</summary>
    public AdminClient Client => _client ??= CreateClient();

    /// <summary>The value of an option or argument.</summary>
    public T? Value<T>(Option<T> option) => Parse.GetValue(option);

    /// <summary>The value of an argument.</summary>
    public T? Value<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>Whether the option was given on the command line.</summary>
    public bool Has(Option option) => Parse.GetResult(option) is { Implicit: false };

    /// <inheritdoc />
    public void Dispose() => _client?.Dispose();

    private AdminClient CreateClient()
    {
        var store = Profiles;
        var connection = ConnectionResolver.Resolve(UrlFlag, KeyFlag, ProfileName, Context.Environment, store, Context.Time);
        if (store.IsOpenToOthers)
        {
            Output.Warn($"{store.Path} holds admin keys or sign-ins and others can read it: chmod 600 {store.Path}");
        }

        return new AdminClient(connection);
    }
}
