namespace GatoLink.Gateway.Admin.Validation;

/// <summary>
/// One field of a JSON merge-patch: absent (<see cref="IsSet"/> false) keeps the current value; present sets
/// <see cref="Value"/>, which may be null (remove a limit). A record cannot tell absent from null, this can.
/// </summary>
/// <typeparam name="T">The field's type.</typeparam>
/// <param name="IsSet">The body has the field.</param>
/// <param name="Value">Its value when set.</param>
public readonly record struct PatchField<T>(bool IsSet, T Value)
{
    /// <summary>The patched value: <see cref="Value"/> when set, else <paramref name="current"/>.</summary>
    public T Or(T current) => IsSet ? Value : current;
}
