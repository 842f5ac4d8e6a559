using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Integration.Tests.Storage;

/// <summary>
/// Value equality for records whose collections compare by reference: the collections are compared by content,
/// then borrowed from the expected record so record equality covers every other field.
/// </summary>
internal static class RecordAssert
{
    public static void Equal(ApiKeyRecord expected, ApiKeyRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.SecretHash, actual.SecretHash);
        Assert.Equal(expected.AllowedModels, actual.AllowedModels);
        Assert.Equal(expected, actual with { SecretHash = expected.SecretHash, AllowedModels = expected.AllowedModels });
    }

    public static void Equal(ModelRecord expected, ModelRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Aliases, actual.Aliases);
        Assert.Equal(expected, actual with { Aliases = expected.Aliases });
    }

    public static void Equal(GpuNodeRecord expected, GpuNodeRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Models, actual.Models);
        Assert.Equal(expected.Labels.OrderBy(l => l.Key), actual.Labels.OrderBy(l => l.Key));
        Assert.Equal(expected, actual with { Models = expected.Models, Labels = expected.Labels });
    }
}
