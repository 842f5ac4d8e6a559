using GatoLink.Gateway.Admin.Validation;

namespace GatoLink.Gateway.Admin;

/// <summary>Body of <c>POST /admin/tenants/{id}/invoices/{number}/credit-notes</c>: whole cents, more than zero, and a reason.</summary>
public sealed record CreditNoteRequest(decimal? AmountUsd, string? Reason) : IAdminRequest<CreditNoteRequest>
{
    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        PlanRules.Cents(AmountUsd, "amount_usd", mayBeNegative: false)
        ?? (string.IsNullOrWhiteSpace(Reason) ? FieldRules.Required("reason") : null)
        ?? (Reason!.Length > TopUpRequest.MaxReason ? new FieldError("reason", $"'reason' must be at most {TopUpRequest.MaxReason} characters.") : null);
}
