using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace GatoLink.Cli.Commands;

/// <summary>
/// How a tenant or key is treated in a model's queue when the GPUs are saturated: <c>--weight</c> and
/// <c>--guaranteed-share</c> for a tenant, <c>--priority</c> for a key. Only what is given is sent.
/// </summary>
public sealed class ScheduleOptions
{
    private static readonly string[] Priorities = ["interactive", "batch"];

    private readonly Option<int?>? _weight;
    private readonly Option<decimal?>? _share;
    private readonly Option<string?>? _priority;

    private ScheduleOptions(Option<int?>? weight, Option<decimal?>? share, Option<string?>? priority)
    {
        _weight = weight;
        _share = share;
        _priority = priority;
    }

    /// <summary><c>--guaranteed-share</c>, which <c>--unset guaranteed-share</c> removes (null on a key's options).</summary>
    public Option? GuaranteedShare => _share;

    /// <summary>A tenant's: <c>--weight</c> and <c>--guaranteed-share</c>.</summary>
    public static ScheduleOptions ForTenant()
    {
        var weight = new Option<int?>("--weight") { Description = "Fair-share weight in a saturated model's queue (default 1)." };
        weight.Validators.Add(r =>
        {
            if (Validation.ValueOrDefault(r, weight) is < 1)
            {
                r.AddError("--weight must be 1 or more.");
            }
        });
        var share = new Option<decimal?>("--guaranteed-share") { Description = "Fraction of the served GPU work guaranteed while it waits (more than 0, less than 1)." };
        share.Validators.Add(r =>
        {
            if (Validation.ValueOrDefault(r, share) is { } s && (s <= 0 || s >= 1))
            {
                r.AddError("--guaranteed-share must be more than 0 and less than 1.");
            }
        });
        return new ScheduleOptions(weight, share, null);
    }

    /// <summary>A key's: <c>--priority interactive|batch</c>.</summary>
    public static ScheduleOptions ForKey()
    {
        var priority = new Option<string?>("--priority") { Description = "Class in a saturated model's queue: interactive (default) or batch.", HelpName = "class" };
        priority.AcceptOnlyFromAmong(Priorities);
        return new ScheduleOptions(null, null, priority);
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option?[] { _weight, _share, _priority })
        {
            if (option is not null)
            {
                command.Options.Add(option);
            }
        }
    }

    /// <summary>Writes what was given into <paramref name="body"/>; true if anything was.</summary>
    public bool Write(CommandCall call, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(body);
        var before = body.Count;
        if (_weight is not null && call.Has(_weight))
        {
            body["weight"] = call.Value(_weight);
        }

        if (_share is not null && call.Has(_share))
        {
            body["guaranteed_share"] = call.Value(_share);
        }

        if (_priority is not null && call.Has(_priority))
        {
            body["priority"] = call.Value(_priority);
        }

        return body.Count > before;
    }

    /// <summary>A share for display: "25%", or "none".</summary>
    public static string Share(double? share) => share is { } s ? (s * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%" : "none";
}
