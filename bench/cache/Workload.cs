namespace GatoLink.Bench.Cache;

/// <summary>
/// The replayed workload: questions about a fixed list of topics (40 subjects, each alone and with two aspects, "the
/// history of …", "the risks of …": 120 distinct questions), each asked in one of four wordings. A request is a repeat
/// of an earlier request (same wording), a paraphrase of an earlier topic (another wording), or a new topic, drawn with
/// a fixed seed, so every run replays the same sequence. A semantic hit on a "new" question is a wrong answer (the
/// history of X answered with X).
/// </summary>
internal static class Workload
{
    private static readonly string[] Topics =
    [
        "photosynthesis", "the French revolution", "black holes", "compound interest", "the water cycle", "TCP handshakes",
        "vaccines", "plate tectonics", "inflation", "the immune system", "quantum entanglement", "the stock market",
        "climate change", "machine learning", "the Roman empire", "DNA replication", "electric cars", "the moon landing",
        "supply and demand", "volcanoes", "the printing press", "blockchains", "antibiotics", "the theory of relativity",
        "renewable energy", "the human heart", "jazz music", "the Great Wall of China", "coral reefs", "public key cryptography",
        "the Silk Road", "earthquakes", "nuclear fusion", "the Renaissance", "honey bees", "the internet", "rainbows",
        "sleep", "glaciers", "the Olympic games",
    ];

    private static readonly string[] Wordings =
    [
        "What is {0}?",
        "Can you explain {0} to me?",
        "Please explain {0}.",
        "Tell me about {0}.",
    ];

    /// <summary>Kind of a request in the workload.</summary>
    public enum Kind
    {
        New,
        Repeat,
        Paraphrase,
    }

    /// <summary>The sequence: <paramref name="count"/> questions, with the given shares of repeats and paraphrases.</summary>
    public static List<(string Question, Kind Kind)> Build(int count, double repeatShare, double paraphraseShare, int seed = 42)
    {
        var random = new Random(seed);
        var asked = new List<(int Topic, int Wording)>();
        var result = new List<(string, Kind)>(count);
        var nextTopic = 0;
        for (var i = 0; i < count; i++)
        {
            var roll = random.NextDouble();
            var kind = asked.Count == 0 || nextTopic < TopicCount && roll >= repeatShare + paraphraseShare ? Kind.New
                : roll < repeatShare ? Kind.Repeat
                : Kind.Paraphrase;
            if (kind == Kind.New)
            {
                asked.Add((nextTopic++, random.Next(Wordings.Length)));
                result.Add((Ask(asked[^1]), kind));
                continue;
            }

            var (topic, wording) = asked[random.Next(asked.Count)];
            if (kind == Kind.Paraphrase)
            {
                wording = (wording + 1 + random.Next(Wordings.Length - 1)) % Wordings.Length;
                asked.Add((topic, wording));
            }

            result.Add((Ask((topic, wording)), kind));
        }

        return result;
    }

    /// <summary>Distinct topics: every topic alone, then with an aspect ("the history of …"), a different question.</summary>
    public static int TopicCount => Topics.Length * (Aspects.Length + 1);

    private static readonly string[] Aspects = ["the history of ", "the risks of "];

    /// <summary>The plain question about topic <paramref name="topic"/>.</summary>
    public static string Topic(int topic) => topic < Topics.Length ? Topics[topic] : Aspects[(topic / Topics.Length) - 1] + Topics[topic % Topics.Length];

    private static string Ask((int Topic, int Wording) q) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Wordings[q.Wording], Topic(q.Topic));
}
