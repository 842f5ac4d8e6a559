namespace GatoLink.Cli.Config;

/// <summary>A saved connection, as <c>gatolink-admin login</c> writes it.</summary>
public sealed record SavedProfile(string Url, string Key);
