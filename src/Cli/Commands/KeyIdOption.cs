using System.CommandLine;

namespace GatoLink.Cli.Commands;

/// <summary>
/// <c>--key-id ID</c> on <c>budget</c> and <c>usage</c>: selects the key looked at, so that <c>--key</c> stays the admin
/// key on every command. A value that is not an ID is refused without being echoed: it may be an admin key typed in
/// the wrong place.
/// </summary>
public static class KeyIdOption
{
    /// <summary>The option.</summary>
    public static Option<Guid?> Create(string description)
    {
        var option = new Option<Guid?>("--key-id") { Description = description, HelpName = "id" };
        option.CustomParser = result =>
        {
            var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (Guid.TryParse(token, out var id))
            {
                return id;
            }

            result.AddError("--key-id is a key ID (a GUID); give the admin key with --key, GATOLINK_ADMIN_KEY or a profile.");
            return null;
        };
        return option;
    }
}
