using GatoLink.Grains.Nodes.Adapters;

namespace GatoLink.Grains.Tests.Placement;

public sealed class EngineAdapterTests
{
    [Fact]
    public void VllmReadsQueueRunningKvCacheSizeAndPrefixCounters()
    {
        var s = VllmAdapter.Parse(Samples.Read("vllm_metrics.txt"));
        Assert.Equal(3, s.Waiting);
        Assert.Equal(12, s.Running);
        Assert.Equal(0.4375, s.KvUsage);
        Assert.Equal(27840L * 16, s.KvCapacityTokens);
        Assert.Equal(152340, s.PrefixQueryTokens);
        Assert.Equal(98112, s.PrefixHitTokens);
    }

    [Fact]
    public void VllmFallsBackToLegacyGpuCacheUsage()
    {
        var s = VllmAdapter.Parse(Samples.Read("vllm_legacy_metrics.txt"));
        Assert.Equal(0, s.Waiting);
        Assert.Equal(4, s.Running);
        Assert.Equal(0.125, s.KvUsage);
        Assert.Equal(7000L * 16, s.KvCapacityTokens);
        Assert.Null(s.PrefixHitTokens);
    }

    [Fact]
    public void VllmWithoutRequestMetricsIsAFormatError() =>
        Assert.Throws<FormatException>(() => VllmAdapter.Parse("# nothing\nprocess_cpu_seconds_total 1.5\n"));

    [Fact]
    public void TgiReadsQueueAndBatch()
    {
        var s = TgiAdapter.Parse(Samples.Read("tgi_metrics.txt"));
        Assert.Equal(7, s.Waiting);
        Assert.Equal(32, s.Running);
        Assert.Null(s.KvUsage);
    }

    [Fact]
    public void LlamaCppReadsDeferredProcessingAndBusySlots()
    {
        var s = LlamaCppAdapter.Parse(Samples.Read("llamacpp_metrics.txt"), Samples.Read("llamacpp_slots.json"));
        Assert.Equal(2, s.Waiting);
        Assert.Equal(3, s.Running);
        Assert.Equal(0.75, s.KvUsage);
        Assert.Equal(4 * 4096L, s.KvCapacityTokens);
    }

    [Fact]
    public void LlamaCppWorksWithoutSlots()
    {
        var s = LlamaCppAdapter.Parse(Samples.Read("llamacpp_metrics.txt"), slots: null);
        Assert.Equal(3, s.Running);
        Assert.Null(s.KvUsage);
    }

    [Fact]
    public void OllamaReadsVramAgainstTheNodesVram()
    {
        var s = OllamaAdapter.ParsePs(Samples.Read("ollama_ps.json"), vramGb: 24);
        Assert.Null(s.Waiting);
        Assert.Equal(8e9 / 24e9, s.KvUsage!.Value, 6);
        Assert.Null(OllamaAdapter.ParsePs(Samples.Read("ollama_ps.json"), vramGb: 0).KvUsage);
    }

    [Fact]
    public void ModelListsAreDiscovered()
    {
        Assert.Equal(["llama3.1:8b", "nomic-embed-text:latest"], OllamaAdapter.ParseTags(Samples.Read("ollama_tags.json")));
        Assert.Equal(["demo-8b", "demo-8b-lora"], ModelDiscovery.ParseModels(Samples.Read("openai_models.json")));
    }

    [Fact]
    public void PrometheusReaderHandlesEscapesSpecialValuesAndTimestamps()
    {
        var m = PrometheusText.Parse("a{x=\"q\\\"uote\",y=\"b,c\"} NaN\nb +Inf 1700000000000\nc{} -3.5e1\nbroken{x=\"1\" 2\n");
        Assert.Equal("q\"uote", m.Get("a")[0].Labels["x"]);
        Assert.Equal("b,c", m.Get("a")[0].Labels["y"]);
        Assert.True(double.IsNaN(m.Get("a")[0].Value));
        Assert.Equal(double.PositiveInfinity, m.Sum("b"));
        Assert.Equal(-35, m.Sum("c"));
        Assert.Null(m.Sum("broken"));
    }
}
