using System.Data.Common;
using System.Text.Json;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Storage;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>GPU nodes over either database.</summary>
internal sealed class SqlNodeStore(SqlExecutor sql) : INodeStore
{
    private const string Columns = "id, base_url, engine, models, vram_gb, labels, draining, created_at, gpu_hour_price_micros, external, credential, provider_prices, native_apis";

    public Task UpsertAsync(GpuNodeRecord node, CancellationToken ct) =>
        sql.ExecuteAsync(
            $"""
            INSERT INTO gpu_nodes ({Columns}) VALUES (@id, @base_url, @engine, @models, @vram_gb, @labels, @draining, @created_at, @gpu_hour_price, @external, @credential, @provider_prices, @native_apis)
            ON CONFLICT (id) DO UPDATE SET base_url = excluded.base_url, engine = excluded.engine, models = excluded.models,
                vram_gb = excluded.vram_gb, labels = excluded.labels, draining = excluded.draining, created_at = excluded.created_at,
                gpu_hour_price_micros = excluded.gpu_hour_price_micros, external = excluded.external, credential = excluded.credential,
                provider_prices = excluded.provider_prices, native_apis = excluded.native_apis
            """,
            c =>
            {
                SqlDialect.Add(c, "id", node.Id);
                SqlDialect.Add(c, "base_url", node.BaseUrl.OriginalString);
                SqlDialect.Add(c, "engine", EnumText.ToText(node.Engine));
                sql.Dialect.AddList(c, "models", node.Models);
                SqlDialect.Add(c, "vram_gb", node.VramGb);
                sql.Dialect.AddMap(c, "labels", node.Labels);
                SqlDialect.Add(c, "draining", node.Draining);
                SqlDialect.Add(c, "created_at", sql.Dialect.TimeValue(node.CreatedAt));
                SqlDialect.Add(c, "gpu_hour_price", node.GpuHourPriceMicros);
                SqlDialect.Add(c, "external", node.External);
                SqlDialect.Add(c, "credential", node.ProtectedCredential);
                SqlDialect.Add(c, "native_apis", node.NativeApis is { Count: > 0 } apis ? string.Join(',', apis.Select(EnumText.ToText)) : null);
                SqlDialect.Add(c, "provider_prices", node.Prices is { Count: > 0 } prices ? JsonSerializer.Serialize(prices.ToArray(), StorageJsonContext.Default.ProviderPriceArray) : null);
            },
            "gpu node",
            ct);

    public Task<GpuNodeRecord?> GetAsync(string id, CancellationToken ct) =>
        sql.QuerySingleOrDefaultAsync(
            $"SELECT {Columns} FROM gpu_nodes WHERE id = @id",
            c => SqlDialect.Add(c, "id", id),
            Read,
            ct);

    public Task<IReadOnlyList<GpuNodeRecord>> ListAsync(CancellationToken ct) =>
        sql.QueryAsync($"SELECT {Columns} FROM gpu_nodes ORDER BY id", SqlExecutor.NoParameters, Read, ct);

    public async Task<bool> DeleteAsync(string id, CancellationToken ct) =>
        await sql.ExecuteAsync(
            "DELETE FROM gpu_nodes WHERE id = @id",
            c => SqlDialect.Add(c, "id", id),
            "gpu node",
            ct) > 0;

    private GpuNodeRecord Read(DbDataReader reader) => new(
        reader.GetString(0),
        new Uri(reader.GetString(1), UriKind.Absolute),
        EnumText.Parse<EngineKind>(reader.GetString(2)),
        sql.Dialect.ReadList(reader, 3),
        reader.GetDouble(4),
        sql.Dialect.ReadMap(reader, 5),
        reader.GetBoolean(6),
        sql.Dialect.ReadTime(reader, 7),
        reader.IsDBNull(8) ? null : reader.GetInt64(8),
        reader.GetBoolean(9),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.IsDBNull(11) ? null : JsonSerializer.Deserialize(reader.GetString(11), StorageJsonContext.Default.ProviderPriceArray),
        reader.IsDBNull(12) ? null : [.. reader.GetString(12).Split(',').Select(EnumText.Parse<NodeApi>)]);
}
