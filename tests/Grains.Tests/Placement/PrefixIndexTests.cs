using System.Text;
using GatoLink.PerSilo.Placement.Prefix;

namespace GatoLink.Grains.Tests.Placement;

public sealed class PrefixIndexTests
{
    private static ulong[] Hashes(string text)
    {
        var buffer = new ulong[PromptChunkHasher.MaxChunks];
        var n = PromptChunkHasher.Hash(Encoding.UTF8.GetBytes(text), buffer);
        return buffer[..n];
    }

    [Fact]
    public void SharedBytePrefixesShareLeadingChunksOnly()
    {
        var shared = new string('x', PromptChunkHasher.ChunkBytes * 3);
        var a = Hashes(shared + new string('a', PromptChunkHasher.ChunkBytes * 2));
        var b = Hashes(shared + new string('b', PromptChunkHasher.ChunkBytes * 2));
        Assert.Equal(5, a.Length);
        Assert.Equal(a[..3], b[..3]);
        Assert.NotEqual(a[3], b[3]);
    }

    [Fact]
    public void OnlyWholeChunksCount() => Assert.Empty(Hashes(new string('x', PromptChunkHasher.ChunkBytes - 1)));

    [Fact]
    public void TheIndexMatchesTheLongestRecordedPrefix()
    {
        var index = new PrefixIndex();
        var shared = new string('x', PromptChunkHasher.ChunkBytes * 3);
        index.Add(Hashes(shared + new string('a', PromptChunkHasher.ChunkBytes * 2)));
        Assert.Equal(3, index.MatchPrefix(Hashes(shared + new string('b', PromptChunkHasher.ChunkBytes * 2))));
        Assert.Equal(5, index.MatchPrefix(Hashes(shared + new string('a', PromptChunkHasher.ChunkBytes * 2))));
    }

    [Fact]
    public void SizingFromTheCacheForgetsAndBounds()
    {
        var index = new PrefixIndex();
        index.Add(Hashes(new string('x', 1024)));
        index.SizeForCache(1_000_000);
        Assert.Equal(32768, index.Capacity);
        Assert.Equal(0, index.MatchPrefix(Hashes(new string('x', 1024))));
        index.SizeForCache(10);
        Assert.Equal(256, index.Capacity);
    }
}
