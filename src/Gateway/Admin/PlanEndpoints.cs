using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Plans;
using GatoLink.PerSilo.Models;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// <c>GET/POST /admin/plans</c> and <c>GET/PATCH /admin/plans/{name}</c>: a system admin manages plans; a tenant admin
/// reads only its own tenant's plan (another plan is 404).
/// </summary>
public static class PlanEndpoints
{
    /// <summary>Maps the plan routes on the admin group.</summary>
    public static RouteGroupBuilder MapPlanEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/plans", ListAsync);
        admin.MapPost("/plans", CreateAsync).Accepts<PlanRequest>("application/json").RequireAdmin(AdminAccess.SystemAdmin);
        admin.MapGet("/plans/{name}", GetAsync).RequireAdmin(AdminAccess.SeesPlan);
        admin.MapPatch("/plans/{name}", PatchAsync).RequireAdmin(AdminAccess.SystemAdmin);
        return admin;
    }

    private static async Task<Ok<List<PlanView>>> ListAsync(HttpContext context, PlanCatalog plans, TenantDirectory tenants)
    {
        var principal = AdminPrincipal.Of(context);
        var own = principal.IsSystem ? null : tenants.Get(principal.TenantId)?.Record.Billing?.Plan;
        var all = await plans.ListAsync(context.RequestAborted);
        return TypedResults.Ok(all.Where(p => principal.IsSystem || p.Name == own).Select(PlanView.From).ToList());
    }

    private static async Task<Results<Ok<PlanView>, JsonHttpResult<ErrorEnvelope>>> GetAsync(HttpContext context, string name, PlanCatalog plans) =>
        await plans.GetAsync(name, context.RequestAborted) is { } plan ? TypedResults.Ok(PlanView.From(plan)) : AdminResults.NotFound("Plan");

    private static async Task<Results<Created<PlanView>, JsonHttpResult<ErrorEnvelope>>> CreateAsync(
        HttpContext context, AdminBody<PlanRequest> body, PlanCatalog plans, ModelDirectory models, AdminAudit audit, TimeProvider time)
    {
        var (prices, unknown) = PlanPriceBody.Resolve(body.Value.ModelPrices, models);
        if (unknown is not null)
        {
            return AdminResults.Invalid(unknown.Message, unknown.Field);
        }

        var plan = body.Value.ToPlan(time.GetUtcNow(), prices);
        try
        {
            await plans.CreateAsync(plan, context.RequestAborted);
        }
        catch (DuplicateEntityException)
        {
            return AdminResults.Conflict($"A plan named '{plan.Name}' already exists.", "name");
        }

        var view = PlanView.From(plan);
        await audit.SystemAsync<PlanView>(context, "plan.create", $"plan/{plan.Name}", null, view);
        return TypedResults.Created($"/admin/plans/{Uri.EscapeDataString(plan.Name)}", view);
    }

    private static async Task<Results<Ok<PlanView>, JsonHttpResult<ErrorEnvelope>>> PatchAsync(
        HttpContext context, string name, AdminBody<PlanPatchRequest> body, PlanCatalog plans, ModelDirectory models, AdminAudit audit, TimeProvider time)
    {
        if (await plans.GetAsync(name, context.RequestAborted) is not { } current)
        {
            return AdminResults.NotFound("Plan");
        }

        var (prices, unknown) = PlanPriceBody.Resolve(body.Value.ModelPrices.Value, models);
        if (unknown is not null)
        {
            return AdminResults.Invalid(unknown.Message, unknown.Field);
        }

        var next = body.Value.Apply(current, time.GetUtcNow(), prices);
        if (!await plans.UpdateAsync(next, context.RequestAborted))
        {
            return AdminResults.Conflict($"Plan '{name}' was changed by someone else meanwhile; read it again.", "name");
        }

        await audit.SystemAsync(context, "plan.update", $"plan/{name}", PlanView.From(current), PlanView.From(next));
        return TypedResults.Ok(PlanView.From(next));
    }
}
