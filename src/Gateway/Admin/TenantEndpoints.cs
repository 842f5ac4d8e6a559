using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Plans;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Plans;
using GatoLink.PerSilo.Control;

namespace GatoLink.Gateway.Admin;

/// <summary><c>PATCH/DELETE /admin/tenants/{id}</c>: system admins only; a tenant admin gets 404 for another tenant, 403 for its own.</summary>
public static class TenantEndpoints
{
    /// <summary>Maps the tenant mutations on the admin group.</summary>
    public static RouteGroupBuilder MapTenantEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapPatch("/tenants/{id:guid}", PatchTenantAsync).RequireAdmin(AdminAccess.OwnsTenant).RequireAdmin(AdminAccess.SystemAdmin);
        admin.MapDelete("/tenants/{id:guid}", DeleteTenantAsync).RequireAdmin(AdminAccess.OwnsTenant).RequireAdmin(AdminAccess.SystemAdmin);
        return admin;
    }

    private static async Task<Results<Ok<TenantView>, JsonHttpResult<ErrorEnvelope>>> PatchTenantAsync(
        HttpContext context, Guid id, AdminBody<TenantPatchRequest> body, TenantDirectory tenants, ControlPlane control, PlanCatalog plans, AdminAudit audit, TimeProvider time)
    {
        var tenant = tenants.Get(id);
        if (tenant is null)
        {
            return AdminResults.NotFound("Tenant");
        }

        var before = tenant.Record;
        var now = time.GetUtcNow();
        var (billing, bad) = await body.Value.Billing.ApplyAsync(before.BillingOrDefault, plans, now, context.RequestAborted);
        if (bad is not null)
        {
            return AdminResults.Invalid(bad);
        }

        var after = body.Value.Apply(before) with { Billing = billing };

        // A plan change takes effect now and is written with the plan period the invoice prorates the fee by.
        var planFrom = billing.Plan != before.BillingOrDefault.Plan ? new PlanPeriod(now, billing.Plan) : null;
        if (!await control.UpdateTenantAsync(after, planFrom, context.RequestAborted))
        {
            return AdminResults.NotFound("Tenant");
        }

        await audit.TenantAsync(context, "tenant.update", id, TenantView.From(before), TenantView.From(after));
        return TypedResults.Ok(TenantView.From(after));
    }

    private static async Task<Results<NoContent, JsonHttpResult<ErrorEnvelope>>> DeleteTenantAsync(HttpContext context, Guid id, TenantDirectory tenants, ControlPlane control, AdminAudit audit)
    {
        var tenant = tenants.Get(id);
        if (tenant is null)
        {
            return AdminResults.NotFound("Tenant");
        }

        if (id == AdminPrincipal.Of(context).TenantId)
        {
            return AdminResults.Invalid("An admin cannot delete its own tenant.", "id");
        }

        var before = tenant.Record;
        if (!await control.DeleteTenantAsync(id, context.RequestAborted))
        {
            return AdminResults.NotFound("Tenant");
        }

        await audit.TenantAsync(context, "tenant.delete", id, TenantView.From(before), null);
        return TypedResults.NoContent();
    }
}
