namespace GatoLink.NodeSim;

/// <summary>
/// Deterministic stand-in for a BPE tokenizer: runs of letters/digits are split every
/// <see cref="MaxPieceLength"/> characters, every other non-space character is one token,
/// whitespace is free. The gateway uses the same function to count prompt tokens.
/// </summary>
public static class SimTokenizer
{
    public const int MaxPieceLength = 4;

    /// <summary>Token ids of ordinary pieces fall below this; template tokens sit above it.</summary>
    public const int RegularVocabSize = 128_000;

    /// <summary>Template tokens per message: start, role, end-of-header, end-of-turn.</summary>
    public const int ChatMessageOverheadTokens = 4;

    /// <summary>Template tokens that open the assistant's turn: start, role, end-of-header.</summary>
    public const int ChatGenerationPromptTokens = 3;

    private const int StartHeaderId = 128_006;
    private const int EndHeaderId = 128_007;
    private const int EndOfTurnId = 128_009;

    /// <summary>Number of tokens <paramref name="text"/> becomes.</summary>
    public static int CountTokens(string text) => CountTokens(text.AsSpan());

    /// <inheritdoc cref="CountTokens(string)"/>
    public static int CountTokens(ReadOnlySpan<char> text)
    {
        var count = 0;
        var run = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                run++;
                continue;
            }

            count += PiecesIn(run);
            run = 0;
            if (!char.IsWhiteSpace(c))
            {
                count++;
            }
        }

        return count + PiecesIn(run);
    }

    /// <summary>Tokens of a chat prompt: every message's content plus the template overhead.</summary>
    public static int CountChatTokens(IReadOnlyList<SimChatMessage> messages, bool addGenerationPrompt = true)
    {
        var count = addGenerationPrompt ? ChatGenerationPromptTokens : 0;
        foreach (var message in messages)
        {
            count += ChatMessageOverheadTokens + CountTokens(message.Content);
        }

        return count;
    }

    /// <summary>Appends the token ids of <paramref name="text"/> to <paramref name="ids"/>.</summary>
    public static void Tokenize(ReadOnlySpan<char> text, List<int> ids)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                continue;
            }

            for (var p = start; p < i; p += MaxPieceLength)
            {
                ids.Add(PieceId(text[p..Math.Min(i, p + MaxPieceLength)]));
            }

            if (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                ids.Add(PieceId(text.Slice(i, 1)));
            }

            start = i + 1;
        }
    }

    /// <summary>Appends the ids of a chat prompt rendered through a Llama-3-like template.</summary>
    public static void TokenizeChat(IReadOnlyList<SimChatMessage> messages, bool addGenerationPrompt, List<int> ids)
    {
        foreach (var message in messages)
        {
            ids.Add(StartHeaderId);
            ids.Add(PieceId(message.Role));
            ids.Add(EndHeaderId);
            Tokenize(message.Content, ids);
            ids.Add(EndOfTurnId);
        }

        if (addGenerationPrompt)
        {
            ids.Add(StartHeaderId);
            ids.Add(PieceId("assistant"));
            ids.Add(EndHeaderId);
        }
    }

    /// <summary>
    /// Splits <paramref name="text"/> into the texts of its tokens, in order: one entry per token that
    /// <see cref="CountTokens(string)"/> counts, whitespace attached to the token after it (or to the last one),
    /// so the entries concatenate back to <paramref name="text"/>.
    /// </summary>
    public static List<string> SplitTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var pending = 0; // start of text not yet given to a token (leading whitespace)
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var end = i + 1;
            if (char.IsLetterOrDigit(c))
            {
                while (end < text.Length && end - i < MaxPieceLength && char.IsLetterOrDigit(text[end]))
                {
                    end++;
                }
            }

            tokens.Add(text[pending..end]);
            pending = end;
            i = end;
        }

        if (pending < text.Length)
        {
            if (tokens.Count == 0)
            {
                tokens.Add(text[pending..]);
            }
            else
            {
                tokens[^1] += text[pending..];
            }
        }

        return tokens;
    }

    private static int PiecesIn(int run) => (run + MaxPieceLength - 1) / MaxPieceLength;

    private static int PieceId(ReadOnlySpan<char> piece)
    {
        var hash = 2166136261u;
        foreach (var c in piece)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % RegularVocabSize);
    }
}
