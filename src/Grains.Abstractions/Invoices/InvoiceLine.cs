namespace GatoLink.Grains.Abstractions.Invoices;

/// <summary>One line of an invoice; amounts in micro-USD (negative for allowances and credits).</summary>
/// <param name="Kind">What the line is for.</param>
/// <param name="Description">For a human.</param>
/// <param name="Model">The model of a usage line.</param>
/// <param name="UsagePeriod">The month (<c>yyyy-MM</c>) the usage of a usage line was recorded in.</param>
/// <param name="Requests">Requests of a usage line.</param>
/// <param name="InputTokens">Prompt tokens of a usage line.</param>
/// <param name="OutputTokens">Completion tokens of a usage line.</param>
/// <param name="InputMicrosPerMillion">The model's input price at the end of the period, per million tokens (the ledger's cost used the price of each request's moment).</param>
/// <param name="OutputMicrosPerMillion">The same for output tokens.</param>
/// <param name="AmountMicros">The line's amount.</param>
public sealed record InvoiceLine(
    InvoiceLineKind Kind,
    string Description,
    string? Model,
    string? UsagePeriod,
    long Requests,
    long InputTokens,
    long OutputTokens,
    long? InputMicrosPerMillion,
    long? OutputMicrosPerMillion,
    long AmountMicros);
