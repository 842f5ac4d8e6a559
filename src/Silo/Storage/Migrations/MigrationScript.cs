namespace GatoLink.Silo.Storage.Migrations;

/// <summary>One numbered SQL file, e.g. <c>0001_core.sql</c> → version 1, name <c>core</c>.</summary>
public sealed record MigrationScript(int Version, string Name, string Sql);
