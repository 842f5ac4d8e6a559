namespace GatoLink.Cli.Config;

/// <summary>An admin key, sent as it is. <see cref="ToString"/> never shows it.</summary>
public sealed class AdminKeyCredential : IBearerCredential
{
    private readonly string _key;

    /// <summary>A key credential.</summary>
    public AdminKeyCredential(string key) => _key = key;

    /// <inheritdoc />
    public string Kind => "admin key";

    /// <inheritdoc />
    public ValueTask<string> TokenAsync(CancellationToken ct) => ValueTask.FromResult(_key);

    /// <inheritdoc />
    public override string ToString() => Kind;
}
