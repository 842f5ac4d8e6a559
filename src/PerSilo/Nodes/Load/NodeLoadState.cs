namespace GatoLink.PerSilo.Nodes.Load;

/// <summary>Scraper health of a node, for the admin API.</summary>
public enum NodeLoadState
{
    /// <summary>Never scraped, or the engine exposes no load (plain OpenAI servers).</summary>
    Unknown,
    /// <summary>Last scrape is younger than the staleness limit.</summary>
    Fresh,
    /// <summary>Last good scrape is older than the staleness limit: placement falls back to in-flight counts.</summary>
    Stale,
}
