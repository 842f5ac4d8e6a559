using System.ComponentModel.DataAnnotations;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>Settings of the Responses API's stored answers (section <c>GatoLink:Responses</c>).</summary>
public sealed class ResponsesOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "GatoLink:Responses";

    /// <summary>How long a stored response is kept (OpenAI keeps them 30 days): never served after, purged soon after.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often each silo deletes the expired ones (a delete of the expired rows: any silo may do it, twice is harmless).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);
}
