namespace GatoLink.Integration.Tests.Cli;

/// <summary>The CLI tests share one silo and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<CliSiloFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "gatolink-admin";
}
