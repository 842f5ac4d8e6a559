using System.Data.Common;
using GatoLink.Grains.Abstractions.Alerts;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using GatoLink.PerSilo.Tenants;

namespace GatoLink.Gateway.Admin.Access;

/// <summary>
/// Checks the <see cref="AdminAccess"/> rules of a route against the caller that
/// authentication found (an admin key or an access token, see <see cref="Identity.IdentitySchemes"/>). Ownership reads the route's <c>{id}</c>: a tenant from this
/// silo's directory, a key's tenant from storage (the truth for the cluster, as the key routes read it).
/// </summary>
public sealed partial class AdminAccessHandler : AuthorizationHandler<AdminAccessRequirement>
{
    private readonly TenantDirectory _tenants;
    private readonly IApiKeyStore _keys;
    private readonly IWebhookStore _webhooks;
    private readonly ILogger<AdminAccessHandler> _logger;

    /// <summary>Creates the handler.</summary>
    public AdminAccessHandler(TenantDirectory tenants, IApiKeyStore keys, IWebhookStore webhooks, ILogger<AdminAccessHandler> logger)
    {
        _tenants = tenants;
        _keys = keys;
        _webhooks = webhooks;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminAccessRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (context.Resource is not HttpContext http || AdminPrincipal.Find(http) is not { } principal)
        {
            return;
        }

        var allowed = requirement.Access switch
        {
            AdminAccess.Admin => principal.Role != ApiKeyRole.User,
            AdminAccess.SystemAdmin => principal.IsSystem,
            AdminAccess.OwnsTenant => RouteId(http) is { } id && _tenants.Get(id) is not null && principal.CanSee(id),
            AdminAccess.OwnsKey => await OwnsAsync(context, http, async (id, ct) => await _keys.GetAsync(id, ct) is { } key && principal.CanSee(key.TenantId)),
            AdminAccess.OwnsWebhook => await OwnsAsync(context, http, async (id, ct) =>
                await _webhooks.GetAsync(id, ct) is { } webhook && (principal.IsSystem || webhook.TenantId == principal.TenantId)),
            AdminAccess.SeesPlan => http.Request.RouteValues.TryGetValue("name", out var plan) && plan is string name
                && (principal.IsSystem || string.Equals(_tenants.Get(principal.TenantId)?.Record.Billing?.Plan, name, StringComparison.Ordinal)),
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
    }

    private async Task<bool> OwnsAsync(AuthorizationHandlerContext context, HttpContext http, Func<Guid, CancellationToken, Task<bool>> owns)
    {
        if (RouteId(http) is not { } id)
        {
            return false;
        }

        try
        {
            return await owns(id, http.RequestAborted);
        }
        catch (DbException ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            LogStorageUnavailable(_logger, ex, http.Request.Method, http.Request.Path);
            context.Fail(new StorageUnavailableReason(this));
            return false;
        }
    }

    private static Guid? RouteId(HttpContext http) =>
        http.Request.RouteValues.TryGetValue("id", out var value) && Guid.TryParse(value?.ToString(), out var id) ? id : null;

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Admin {Method} {Path}: the owner of the route's object could not be read from storage; answering 503")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception, string method, string path);
}
