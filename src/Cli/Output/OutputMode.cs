namespace GatoLink.Cli.Output;

/// <summary>How results are written: for people or for programs.</summary>
public enum OutputMode
{
    /// <summary>Tables, charts and sentences.</summary>
    Table,

    /// <summary>The admin API's JSON, field names unchanged.</summary>
    Json,
}
