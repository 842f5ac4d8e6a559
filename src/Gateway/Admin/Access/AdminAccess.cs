namespace GatoLink.Gateway.Admin.Access;

/// <summary>
/// Who may call an admin route, decided by the authorization middleware before the route's body is read or its
/// input validated. A route carries <see cref="Admin"/> from its group and may add more; all must hold.
/// </summary>
public enum AdminAccess
{
    /// <summary>A tenant or system admin key (a user key is 403).</summary>
    Admin,

    /// <summary>A system admin key (a tenant admin is 403).</summary>
    SystemAdmin,

    /// <summary>The route's <c>{id}</c> is a tenant the caller may see: its own, or any for a system admin (else 404, never 403: no probing).</summary>
    OwnsTenant,

    /// <summary>The route's <c>{id}</c> is a key of a tenant the caller may see (else 404).</summary>
    OwnsKey,

    /// <summary>The route's <c>{id}</c> is a webhook of a tenant the caller may see; a system-wide one is a system admin's (else 404).</summary>
    OwnsWebhook,

    /// <summary>The route's <c>{name}</c> is a plan the caller may read: any for a system admin, its tenant's own plan for a tenant admin (else 404).</summary>
    SeesPlan,
}
