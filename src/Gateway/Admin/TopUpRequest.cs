using GatoLink.Gateway.Admin.Validation;

namespace GatoLink.Gateway.Admin;

/// <summary>Body of <c>POST /admin/tenants/{id}/wallet/topups</c> (positive) and <c>…/wallet/adjustments</c> (either sign): whole cents and a reason.</summary>
public sealed record TopUpRequest(decimal? AmountUsd, string? Reason) : IAdminRequest<TopUpRequest>
{
    /// <summary>Longest reason kept.</summary>
    public const int MaxReason = 500;

    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        PlanRules.Cents(AmountUsd, "amount_usd", mayBeNegative: true)
        ?? (string.IsNullOrWhiteSpace(Reason) ? FieldRules.Required("reason") : null)
        ?? (Reason!.Length > MaxReason ? new FieldError("reason", $"'reason' must be at most {MaxReason} characters.") : null);
}
