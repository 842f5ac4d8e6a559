namespace GatoLink.PerSilo.Billing;

/// <summary>How usage analytics group their rows.</summary>
public enum UsageGrouping
{
    /// <summary>One row per UTC day.</summary>
    Day,

    /// <summary>One row per model.</summary>
    Model,

    /// <summary>One row per API key.</summary>
    Key,

    /// <summary>One row per tenant (system admins' view of the whole cluster).</summary>
    Tenant,

    /// <summary>One row per value of one attribution tag (requests without it: the empty group).</summary>
    Tag,

    /// <summary>One row per GPU node (chargeback).</summary>
    Node,
}
