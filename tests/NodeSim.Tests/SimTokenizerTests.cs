namespace GatoLink.NodeSim.Tests;

public sealed class SimTokenizerTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("hi", 1)]
    [InlineData("Hello, world!", 6)] // Hell|o|,|worl|d|!
    [InlineData("abcd efgh", 2)]
    [InlineData("abcdefghi", 3)]
    public void CountTokensSplitsWordsEveryFourCharsAndPunctuationSeparately(string text, int expected)
    {
        Assert.Equal(expected, SimTokenizer.CountTokens(text));
    }

    [Fact]
    public void TokenizeProducesAsManyIdsAsCountTokensAndIsDeterministic()
    {
        const string text = "The quick brown fox, jumping over 12345 lazy dogs!";
        var a = new List<int>();
        var b = new List<int>();
        SimTokenizer.Tokenize(text, a);
        SimTokenizer.Tokenize(text, b);
        Assert.Equal(SimTokenizer.CountTokens(text), a.Count);
        Assert.Equal(a, b);
        Assert.All(a, id => Assert.InRange(id, 0, SimTokenizer.RegularVocabSize - 1));
    }

    [Fact]
    public void ChatTokensAreContentPlusTemplateOverhead()
    {
        SimChatMessage[] messages = [new("system", "be brief"), new("user", "hello there")];
        var expected = SimTokenizer.CountTokens("be brief") + SimTokenizer.CountTokens("hello there")
            + (2 * SimTokenizer.ChatMessageOverheadTokens) + SimTokenizer.ChatGenerationPromptTokens;
        Assert.Equal(expected, SimTokenizer.CountChatTokens(messages));

        var ids = new List<int>();
        SimTokenizer.TokenizeChat(messages, addGenerationPrompt: true, ids);
        Assert.Equal(expected, ids.Count);
    }
}
