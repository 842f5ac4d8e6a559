using System.Globalization;
using GatoLink.Cli.Hosting;

namespace GatoLink.Integration.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class ModelCommandTests(CliSiloFixture fixture)
{
    [Fact]
    public async Task ListShowsTheConfiguredModelWithItsPrice()
    {
        var table = (await fixture.RunAsync("models", "list")).Succeeded();
        Assert.Contains("demo-8b", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Input $/M", table.Stdout, StringComparison.Ordinal);

        var json = (await fixture.RunAsync("models", "list", "-o", "json")).Succeeded().Json;
        var demo = json.AsArray().Single(m => (string)m!["name"]! == "demo-8b")!;
        Assert.Equal("demo", (string)demo["aliases"]![0]!);
        Assert.NotNull(demo["price"]!["input_per_million_usd"]);
        Assert.NotNull(demo["price_history"]);
    }

    [Fact]
    public async Task AddThenPriceAModel()
    {
        var name = "cli-model-" + Guid.NewGuid().ToString("N")[..6];

        var added = (await fixture.RunAsync("models", "add", name, "--alias", name + "-alias", "--context-length", "32768", "--strategy", "least_request",
            "--input-price", "0.15", "--output-price", "0.45", "-o", "json")).Succeeded().Json;
        Assert.Equal(name, (string)added["name"]!);
        Assert.Equal(32768, (int)added["context_length"]!);
        Assert.Equal("least_request", (string)added["strategy"]!);
        Assert.Equal(0.15m, (decimal)added["price"]!["input_per_million_usd"]!);

        var from = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var priced = (await fixture.RunAsync("models", "price", name, "--input-price", "0.10", "--output-price", "0.30", "--effective-from", from, "-o", "json")).Succeeded().Json;
        Assert.Equal(name, (string)priced["model"]!);
        Assert.Equal(0.15m, (decimal)priced["price"]!["input_per_million_usd"]!);
        Assert.Contains(priced["price_history"]!.AsArray(), p => (decimal)p!["input_per_million_usd"]! == 0.10m);

        var table = (await fixture.RunAsync("models", "price", name, "--input-price", "0.2", "--output-price", "0.6")).Succeeded();
        Assert.Contains("$0.20", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("now", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PricingAnUnknownModelIsRefusedWithExitOne()
    {
        var run = await fixture.RunAsync("models", "price", "no-such-model", "--input-price", "1", "--output-price", "1");

        Assert.Equal("error: Model was not found.\n", run.FailedWith(ExitCodes.Failed));
    }

    [Theory]
    [InlineData("models", "add")]
    [InlineData("models", "add", "m", "--strategy", "random")]
    [InlineData("models", "add", "m", "--context-length", "0")]
    [InlineData("models", "price", "demo-8b", "--input-price", "1")]
    [InlineData("models", "price", "demo-8b", "--input-price", "-1", "--output-price", "1")]
    public async Task BadCommandLinesExitTwo(params string[] args) =>
        (await fixture.RunAsync(args)).FailedWith(ExitCodes.Usage);
}
