using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GatoLink.Gateway.Admin;

/// <summary>Account routes: tenant and key management, budgets, audit, alert rules, webhooks, plans, wallets, invoices, and a key's own budget on /v1.</summary>
public static class AccountsApi
{
    /// <summary>Maps them (the admin routes behind the admin policy).</summary>
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup("admin");
        admin.MapTenantEndpoints();
        admin.MapKeyEndpoints();
        admin.MapBudgetEndpoints();
        admin.MapAuditEndpoints();
        admin.MapAlertEndpoints();
        admin.MapWebhookEndpoints();
        admin.MapPlanEndpoints();
        admin.MapWalletEndpoints();
        admin.MapInvoiceEndpoints();
        app.MapOwnBudget();
        return app;
    }
}
