using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Tenants;
using GatoLink.Silo.Storage;

namespace GatoLink.Integration.Tests.Storage;

public sealed class EnumTextTests
{
    [Fact]
    public void EveryValueHasItsSnakeCaseTextAndParsesBack()
    {
        Assert.Equal(["user", "tenant_admin", "system_admin"], Enum.GetValues<ApiKeyRole>().Select(v => EnumText.ToText(v)));
        Assert.Equal(["active", "revoked"], Enum.GetValues<ApiKeyStatus>().Select(v => EnumText.ToText(v)));
        Assert.Equal(["vllm", "ollama", "tgi", "llamacpp", "openai", "anthropic"], Enum.GetValues<EngineKind>().Select(v => EnumText.ToText(v)));
        Assert.Equal(["gatolink", "least_request", "round_robin"], Enum.GetValues<PlacementStrategyKind>().Select(v => EnumText.ToText(v)));
        Assert.Equal(["never", "when_saturated", "on_error"], Enum.GetValues<OverflowPolicy>().Select(v => EnumText.ToText(v)));
        Assert.Equal(["allow", "deny"], Enum.GetValues<ExternalOverflow>().Select(v => EnumText.ToText(v)));

        Assert.All(Enum.GetValues<ApiKeyRole>(), v => Assert.Equal(v, EnumText.Parse<ApiKeyRole>(EnumText.ToText(v))));
        Assert.All(Enum.GetValues<ApiKeyStatus>(), v => Assert.Equal(v, EnumText.Parse<ApiKeyStatus>(EnumText.ToText(v))));
        Assert.All(Enum.GetValues<EngineKind>(), v => Assert.Equal(v, EnumText.Parse<EngineKind>(EnumText.ToText(v))));
        Assert.All(Enum.GetValues<PlacementStrategyKind>(), v => Assert.Equal(v, EnumText.Parse<PlacementStrategyKind>(EnumText.ToText(v))));
        Assert.All(Enum.GetValues<OverflowPolicy>(), v => Assert.Equal(v, EnumText.Parse<OverflowPolicy>(EnumText.ToText(v))));
        Assert.All(Enum.GetValues<ExternalOverflow>(), v => Assert.Equal(v, EnumText.Parse<ExternalOverflow>(EnumText.ToText(v))));
    }

    [Fact]
    public void UnknownTextIsRefused()
    {
        Assert.False(EnumText.TryParse("Tenant_Admin", out ApiKeyRole _));
        Assert.False(EnumText.TryParse(null, out EngineKind _));
        Assert.Throws<FormatException>(() => EnumText.Parse<ApiKeyStatus>("expired"));
    }
}
