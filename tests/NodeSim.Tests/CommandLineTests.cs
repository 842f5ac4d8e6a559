namespace GatoLink.NodeSim.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void DefaultsToH100ProfileOnLoopback()
    {
        var s = CommandLine.Parse([]);
        Assert.Equal("h100-8b", s.Options.Profile);
        Assert.Equal("127.0.0.1", s.Host);
        Assert.Equal(["demo-8b"], s.Options.Models);
        Assert.Equal("http://127.0.0.1:8000", s.Url);
    }

    [Fact]
    public void FlagsOverrideTheProfileWhateverTheirOrder()
    {
        var s = CommandLine.Parse(["--max-num-seqs", "32", "--profile", "a10-8b", "--itl-ms=10", "--time-scale", "10", "--port", "9001", "--seed", "7"]);
        Assert.Equal("a10-8b", s.Options.Profile);
        Assert.Equal(32, s.Options.MaxNumSeqs);
        Assert.Equal(10, s.Options.ItlMs);
        Assert.Equal(10, s.Options.TimeScale);
        Assert.Equal(2_000, s.Options.NumGpuBlocks); // from the profile
        Assert.Equal(9001, s.Port);
        Assert.Equal(7, s.Options.Seed);
    }

    [Fact]
    public void ModelIsRepeatableAndAcceptsCommaLists()
    {
        var s = CommandLine.Parse(["--model", "a,b", "--model", "c"]);
        Assert.Equal(["a", "b", "c"], s.Options.Models);
    }

    [Fact]
    public void FaultFlagsBuildTheInitialFaults()
    {
        var s = CommandLine.Parse(["--fail-rate", "0.25", "--fail-status", "429", "--hang-before-first-token", "--drop-after-tokens", "3", "--slow-start-ms", "50"]);
        var f = s.Options.Faults;
        Assert.Equal(0.25, f.FailRate);
        Assert.Equal(429, f.FailStatus);
        Assert.True(f.HangBeforeFirstToken);
        Assert.Equal(3, f.DropAfterTokens);
        Assert.Equal(50, f.SlowStartMs);
    }

    [Theory]
    [InlineData("--bogus", "1")]
    [InlineData("--max-num-seqs", "many")]
    [InlineData("--max-num-seqs", "0")]
    [InlineData("--fail-status", "418")]
    [InlineData("--profile", "tpu")]
    [InlineData("--port")]
    public void BadFlagsAreRefusedWithAMessage(params string[] args)
    {
        Assert.False(CommandLine.TryParse(args, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
