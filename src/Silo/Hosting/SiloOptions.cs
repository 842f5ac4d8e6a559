using System.ComponentModel.DataAnnotations;

namespace GatoLink.Silo.Hosting;

/// <summary>Settings of one silo (section <c>GatoLink</c>; environment <c>GatoLink__…</c>).</summary>
public sealed class SiloOptions
{
    /// <summary>The section name.</summary>
    public const string Section = "GatoLink";

    /// <summary>Where the silo listens when no <c>--urls</c> is given.</summary>
    [Required]
    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary>SQLite database, bootstrap secrets and spool live here.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>PostgreSQL connection string (env <c>GATOLINK_POSTGRES</c>); null: embedded SQLite.</summary>
    public string? Postgres { get; set; }

    /// <summary>Bootstrap admin secret (env <c>GATOLINK_ADMIN_KEY</c>); null: generated once and kept.</summary>
    public string? AdminKey { get; set; }

    /// <summary>In-process NodeSim nodes started when no GPU node is configured (0 disables).</summary>
    [Range(0, 16)]
    public int EmbeddedNodes { get; set; } = 2;

    /// <summary>NodeSim profile of the embedded nodes.</summary>
    public string EmbeddedProfile { get; set; } = "h100-8b";

    /// <summary>The demo model the embedded nodes serve.</summary>
    public string DemoModel { get; set; } = "demo-8b";

    /// <summary>Create a demo tenant with a user key on first start.</summary>
    public bool DemoTenant { get; set; } = true;

    /// <summary>GPU nodes declared in configuration.</summary>
    public List<NodeConfig> Nodes { get; set; } = [];

    /// <summary>Models declared in configuration.</summary>
    public List<ModelConfig> Models { get; set; } = [];
}

/// <summary>A GPU node declared in configuration.</summary>
public sealed class NodeConfig
{
    /// <summary>Node id; defaults to host-port.</summary>
    public string? Id { get; set; }

    /// <summary>Server root URL.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Engine kind: vllm, ollama, tgi, llamacpp or openai.</summary>
    public string Engine { get; set; } = "vllm";

    /// <summary>Models served; empty: discovered.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>Total VRAM in GB.</summary>
    public double VramGb { get; set; }

    /// <summary>Price of an hour of the node's GPU time in USD (chargeback); unset: not priced.</summary>
    public decimal? GpuHourPriceUsd { get; set; }

    /// <summary>An external provider (overflow or fallback only), as <c>external</c> on <c>/admin/nodes</c>.</summary>
    public bool External { get; set; }

    /// <summary>Client APIs the node serves itself (<c>responses</c>): passed through to it natively.</summary>
    public List<string> NativeApis { get; set; } = [];

    /// <summary>
    /// The node's API key in clear. Prefer <see cref="ApiKeyFile"/> or <see cref="ApiKeyEnvironmentVariable"/>, which
    /// keep it out of appsettings; at most one of the three. Stored encrypted like a key given to the admin API; never
    /// logged or shown.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>A file that holds the node's API key (a mounted secret); surrounding white space is ignored.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>The name of an environment variable that holds the node's API key.</summary>
    public string? ApiKeyEnvironmentVariable { get; set; }
}

/// <summary>A model declared in configuration.</summary>
public sealed class ModelConfig
{
    /// <summary>Canonical name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Other names.</summary>
    public List<string> Aliases { get; set; } = [];

    /// <summary>Context length.</summary>
    public int ContextLength { get; set; } = 8192;

    /// <summary>max_tokens assumed when a request gives none.</summary>
    public int DefaultMaxTokens { get; set; } = 256;

    /// <summary>Placement strategy: gatolink, least_request or round_robin.</summary>
    public string Strategy { get; set; } = "gatolink";

    /// <summary>USD per million input tokens.</summary>
    public decimal InputPricePerMillionUsd { get; set; }

    /// <summary>USD per million output tokens.</summary>
    public decimal OutputPricePerMillionUsd { get; set; }
}
