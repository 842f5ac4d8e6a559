using System.CommandLine;
using System.Text.Json.Nodes;

namespace GatoLink.Cli.Commands;

/// <summary><c>--unset NAME</c> (repeatable) on update commands: removes a limit or optional field (sent as JSON null).</summary>
public sealed class UnsetOption
{
    private readonly Dictionary<string, (string Field, Option Option)> _names;

    /// <summary>An <c>--unset</c> for the limits and the extra fields (name → JSON field, option that sets it).</summary>
    public UnsetOption(LimitOptions limits, params (string Name, string Field, Option Option)[] extra)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _names = limits.UnsetNames.ToDictionary(n => n, n => (limits.FieldFor(n)!, limits.OptionFor(n)!), StringComparer.Ordinal);
        foreach (var (name, field, option) in extra)
        {
            _names[name] = (field, option);
        }

        Option = new Option<string[]>("--unset")
        {
            Description = "Remove a limit or field (repeatable): " + string.Join(", ", _names.Keys) + ".",
            HelpName = "name",
            Arity = ArgumentArity.OneOrMore,
        };
        Option.AcceptOnlyFromAmong([.. _names.Keys]);
    }

    /// <summary>The option.</summary>
    public Option<string[]> Option { get; }

    /// <summary>Adds the option and a validator that refuses setting and unsetting the same thing.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Option);
        command.Validators.Add(result =>
        {
            foreach (var name in Validation.ValueOrDefault(result, Option) ?? [])
            {
                if (Validation.Given(result, _names[name].Option))
                {
                    result.AddError($"--unset {name} and {_names[name].Option.Name} contradict each other.");
                }
            }
        });
    }

    /// <summary>Writes a JSON null for every name given; true if any was.</summary>
    public bool Write(CommandCall call, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(body);
        var names = call.Value(Option) ?? [];
        foreach (var name in names)
        {
            body[_names[name].Field] = null;
        }

        return names.Length > 0;
    }
}
