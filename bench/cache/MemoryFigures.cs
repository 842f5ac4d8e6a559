using System.Diagnostics;
using GatoLink.Gateway.Cache;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GatoLink.Bench.Cache;

/// <summary>Memory of 10k cached answers: in a silo's HybridCache (managed heap), in Redis (used_memory), and 10k question vectors.</summary>
internal static class MemoryFigures
{
    public static async Task RunAsync(string? redis, int entries, byte[] sampleBody)
    {
        var answer = new CachedAnswer(false, 40, 32, sampleBody).ToBytes();
        Console.WriteLine($"entry: {answer.Length} bytes (a {sampleBody.Length}-byte chat completion + 10-byte header)");

        await using (var provider = new ServiceCollection().AddHybridCache(o => o.MaximumPayloadBytes = 2 << 20).Services.BuildServiceProvider())
        {
            var cache = provider.GetRequiredService<HybridCache>();
            var before = Heap();
            var options = new HybridCacheEntryOptions { Expiration = TimeSpan.FromHours(1), LocalCacheExpiration = TimeSpan.FromHours(1) };
            for (var i = 0; i < entries; i++)
            {
                await cache.SetAsync($"gl:rc:{Guid.NewGuid():N}:{i:x64}", answer, options);
            }

            var after = Heap();
            Console.WriteLine($"memory level (HybridCache L1): {(after - before) / 1024.0 / 1024.0:0.00} MiB per {entries} entries ({(after - before) / (double)entries:0} bytes each)");
            GC.KeepAlive(cache);
        }

        if (redis is not null)
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(redis + ",allowAdmin=true");
            var server = connection.GetServer(connection.GetEndPoints()[0]);
            var db = connection.GetDatabase();
            await server.FlushDatabaseAsync();
            var before = UsedMemory(await server.InfoAsync("memory"));
            var batch = new List<Task>(entries);
            for (var i = 0; i < entries; i++)
            {
                // The shape RedisCache writes: a hash with the value and its expirations.
                batch.Add(db.HashSetAsync($"gl:rc:{Guid.NewGuid():N}:{i:x64}", [new("data", answer), new("absexp", 0L), new("sldexp", -1L)]));
            }

            await Task.WhenAll(batch);
            var after = UsedMemory(await server.InfoAsync("memory"));
            Console.WriteLine($"shared level (Redis used_memory): {(after - before) / 1024.0 / 1024.0:0.00} MiB per {entries} entries ({(after - before) / (double)entries:0} bytes each)");

            // The shared semantic index: one partition's sorted set of questions, as SemanticIndexSync writes it.
            var setBefore = UsedMemory(await server.InfoAsync("memory"));
            var expires = DateTimeOffset.UtcNow.AddHours(1);
            var set = SemanticIndexSync.SetPrefix + $"{Guid.NewGuid():N}:{new string('0', 64)}";
            var questions = Vectors(entries).Select((v, i) => new SemanticEntry(set[SemanticIndexSync.SetPrefix.Length..], $"gl:rc:{i:x64}", expires, v).ToBytes()).ToList();
            await Task.WhenAll(questions.Select(q => db.SortedSetAddAsync(set, q, expires.ToUnixTimeMilliseconds())));
            var setAfter = UsedMemory(await server.InfoAsync("memory"));
            Console.WriteLine($"shared semantic index (Redis sorted set): {(setAfter - setBefore) / 1024.0 / 1024.0:0.00} MiB per {entries} questions of {questions[0].Length} bytes");
        }

        var index = new SemanticIndex(TimeProvider.System);
        var vectors = Vectors(entries);
        var heapBefore = Heap();
        for (var i = 0; i < entries; i++)
        {
            index.Add(new SemanticEntry("p", $"gl:rc:{i:x64}", DateTimeOffset.UtcNow.AddHours(1), vectors[i]));
        }

        var heapAfter = Heap();
        Console.WriteLine($"semantic index: {(heapAfter - heapBefore) / 1024.0 / 1024.0:0.00} MiB per {entries} questions");
        var times = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var clock = Stopwatch.StartNew();
            index.Nearest("p", vectors[i], 0.99);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"semantic search over {entries} questions: p50 {Failover.Percentiles.Of(times, 50):0.00} ms, p99 {Failover.Percentiles.Of(times, 99):0.00} ms");
    }

    private static List<float[]> Vectors(int count)
    {
        var random = new Random(1);
        return Enumerable.Range(0, count).Select(_ => GatoLink.Gateway.Cache.Vectors.Normalized(Enumerable.Range(0, 384).Select(_ => (float)random.NextDouble() - 0.5f).ToArray())).ToList();
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }

    private static long UsedMemory(IGrouping<string, KeyValuePair<string, string>>[] info) =>
        long.Parse(info.SelectMany(g => g).First(p => p.Key == "used_memory").Value, System.Globalization.CultureInfo.InvariantCulture);
}
