using GatoLink.Grains.Abstractions.Invoices;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Invoices;

namespace GatoLink.Grains.Tests.Invoices;

/// <summary>An invoice's arithmetic: prorated fees and allowance, usage at the ledger's cost, credits, a total that is the sum of its lines.</summary>
public sealed class InvoiceCalculatorTests
{
    private static readonly BillingMonth February = new(2027, 2);

    private static PlanRecord Plan(string name, long fee, long included) =>
        new(name, 1, fee, included, Limits.None, OveragePolicy.Overage, BillingMode.Postpaid, DateTimeOffset.MinValue);

    [Fact]
    public void AMidMonthPlanChangeProratesBothFeesByTheTickAndTheTotalIsTheSumOfTheLines()
    {
        var change = February.Start.AddDays(7);
        var inputs = new InvoiceInputs(Guid.NewGuid(), February,
            [(February.Start, change, Plan("a", 28_000_000, 0)), (change, February.End, Plan("b", 56_000_000, 1_000))],
            [new ModelUsage("2027-02", "m", 3, 30, 60, 5_000)], [new ModelUsage("2027-01", "m", 1, 1, 1, 7)], Prepaid: false, (_, _) => null);

        var invoice = InvoiceCalculator.Build(inputs, InvoiceStatus.Draft, null);

        // 7 of 28 days of $28 and 21 of 28 days of $56; the allowance prorated as well (750 of 1,000).
        Assert.Equal(7_000_000 + 42_000_000, invoice.PlanFeeMicros);
        Assert.Equal(750, invoice.IncludedMicros);
        Assert.Equal(5_007, invoice.UsageMicros);
        Assert.Equal(750, invoice.IncludedUsedMicros);
        Assert.Equal(49_000_000 + 5_007 - 750, invoice.TotalMicros);
        Assert.Equal(invoice.Lines.Sum(l => l.AmountMicros), invoice.TotalMicros);
        Assert.Equal("202702-", invoice.Number[..7]);
    }

    [Fact]
    public void APrepaidTenantsUsageBeyondTheAllowanceIsShownAsPaidFromCredit()
    {
        var inputs = new InvoiceInputs(Guid.NewGuid(), February, [(February.Start, February.End, Plan("p", 1_000_000, 100))],
            [new ModelUsage("2027-02", "m", 3, 30, 60, 5_000)], [], Prepaid: true, (_, _) => null);

        var invoice = InvoiceCalculator.Build(inputs, InvoiceStatus.Draft, null);

        Assert.Equal(4_900, invoice.CreditsAppliedMicros);
        Assert.Equal(1_000_000, invoice.TotalMicros);
    }

    [Fact]
    public void ATokenAllowanceCoversTheMonthsUsageInProportionAndWhicheverAllowanceCoversMoreCounts()
    {
        var tokensOnly = Plan("t", 0, 0) with { IncludedTokens = 60 };
        var usage = new ModelUsage("2027-02", "m", 3, 30, 60, 5_000);
        var late = new ModelUsage("2027-01", "m", 1, 1000, 1000, 7);

        var invoice = InvoiceCalculator.Build(new InvoiceInputs(Guid.NewGuid(), February, [(February.Start, February.End, tokensOnly)], [usage], [late], Prepaid: false, (_, _) => null),
            InvoiceStatus.Draft, null);

        // 60 of the month's 90 tokens: two thirds of its 5,000 µUSD, rounded half up; late usage is not covered.
        Assert.Equal(60, invoice.IncludedTokens);
        Assert.Equal(60, invoice.IncludedTokensUsed);
        Assert.Equal(3_333, invoice.IncludedUsedMicros);
        Assert.Equal(5_007 - 3_333, invoice.TotalMicros);
        Assert.Equal(invoice.Lines.Sum(l => l.AmountMicros), invoice.TotalMicros);
        Assert.Contains("60 of 60 tokens", invoice.Lines.Single(l => l.Kind == InvoiceLineKind.IncludedAllowance).Description, StringComparison.Ordinal);

        // Both allowances: the USD one covers more here; more tokens than were used cover the whole month.
        var both = InvoiceCalculator.Build(new InvoiceInputs(Guid.NewGuid(), February, [(February.Start, February.End, tokensOnly with { IncludedMicros = 4_000 })], [usage], [], Prepaid: false, (_, _) => null),
            InvoiceStatus.Draft, null);
        Assert.Equal(4_000, both.IncludedUsedMicros);
        var plenty = InvoiceCalculator.Build(new InvoiceInputs(Guid.NewGuid(), February, [(February.Start, February.End, tokensOnly with { IncludedTokens = 1_000 })], [usage], [], Prepaid: false, (_, _) => null),
            InvoiceStatus.Draft, null);
        Assert.Equal((90, 5_000, 0L), (plenty.IncludedTokensUsed, plenty.IncludedUsedMicros, plenty.TotalMicros));
    }

    [Fact]
    public void APlanThatStopsAtItsTokensBecomesAMonthlyTokenBudgetWithoutAZeroDollarBudget()
    {
        var stop = Plan("s", 0, 0) with { Overage = OveragePolicy.Stop, IncludedTokens = 1_000 };

        var limits = stop.Narrow(new Limits(MonthlyTokens: 5_000));

        Assert.Equal(1_000, limits.MonthlyTokens);
        Assert.Null(limits.MonthlyCostMicros);
        Assert.Equal(0, (Plan("u", 0, 0) with { Overage = OveragePolicy.Stop }).Narrow(Limits.None).MonthlyCostMicros);
    }

    [Theory]
    [InlineData(10, 1, 3, 3)]
    [InlineData(10, 1, 4, 3)]
    [InlineData(1, 1, 2, 1)]
    [InlineData(2_305_843_009_213_693_951, 2, 4, 1_152_921_504_606_846_976)]
    public void ProrationRoundsHalfUpInIntegers(long amount, long part, long whole, long expected) =>
        Assert.Equal(expected, InvoiceCalculator.Prorate(amount, part, whole));
}
