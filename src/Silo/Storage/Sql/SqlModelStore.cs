using System.Data.Common;
using System.Text.Json;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Storage;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>Models and their price history over either database.</summary>
internal sealed class SqlModelStore(SqlExecutor sql) : IModelStore
{
    private const string Columns = "name, aliases, context_length, default_max_tokens, strategy, created_at, overflow, fallback";

    public Task UpsertAsync(ModelRecord model, CancellationToken ct) =>
        sql.ExecuteAsync(
            $"""
            INSERT INTO models ({Columns}) VALUES (@name, @aliases, @context_length, @default_max_tokens, @strategy, @created_at, @overflow, @fallback)
            ON CONFLICT (name) DO UPDATE SET aliases = excluded.aliases, context_length = excluded.context_length,
                default_max_tokens = excluded.default_max_tokens, strategy = excluded.strategy, created_at = excluded.created_at,
                overflow = excluded.overflow, fallback = excluded.fallback
            """,
            c =>
            {
                SqlDialect.Add(c, "name", model.Name);
                sql.Dialect.AddList(c, "aliases", model.Aliases);
                SqlDialect.Add(c, "context_length", model.ContextLength);
                SqlDialect.Add(c, "default_max_tokens", model.DefaultMaxTokens);
                SqlDialect.Add(c, "strategy", EnumText.ToText(model.Strategy));
                SqlDialect.Add(c, "created_at", sql.Dialect.TimeValue(model.CreatedAt));
                SqlDialect.Add(c, "overflow", EnumText.ToText(model.Overflow));
                SqlDialect.Add(c, "fallback", model.Fallback is { Count: > 0 } chain ? JsonSerializer.Serialize(chain.ToArray(), StorageJsonContext.Default.StringArray) : null);
            },
            "model",
            ct);

    public Task<IReadOnlyList<ModelRecord>> ListAsync(CancellationToken ct) =>
        sql.QueryAsync($"SELECT {Columns} FROM models ORDER BY name", SqlExecutor.NoParameters, ReadModel, ct);

    public async Task<bool> DeleteAsync(string name, CancellationToken ct) =>
        await sql.ExecuteAsync(
            "DELETE FROM models WHERE name = @name",
            c => SqlDialect.Add(c, "name", name),
            "model",
            ct) > 0;

    public Task AddPriceAsync(ModelPrice price, CancellationToken ct) =>
        sql.ExecuteAsync(
            """
            INSERT INTO model_prices (model, input_micros_per_million, output_micros_per_million, effective_from, cache_hit_micros)
            VALUES (@model, @input, @output, @effective_from, @cache_hit)
            """,
            c =>
            {
                SqlDialect.Add(c, "model", price.Model);
                SqlDialect.Add(c, "input", price.InputMicrosPerMillion);
                SqlDialect.Add(c, "output", price.OutputMicrosPerMillion);
                SqlDialect.Add(c, "effective_from", sql.Dialect.TimeValue(price.EffectiveFrom));
                SqlDialect.Add(c, "cache_hit", price.CacheHitMicros);
            },
            "model price",
            ct);

    public Task<IReadOnlyList<ModelPrice>> ListPricesAsync(CancellationToken ct) =>
        sql.QueryAsync(
            """
            SELECT model, input_micros_per_million, output_micros_per_million, effective_from, cache_hit_micros
            FROM model_prices ORDER BY effective_from, model
            """,
            SqlExecutor.NoParameters,
            ReadPrice,
            ct);

    private ModelRecord ReadModel(DbDataReader reader) => new(
        reader.GetString(0),
        sql.Dialect.ReadList(reader, 1),
        reader.GetInt32(2),
        reader.GetInt32(3),
        EnumText.Parse<PlacementStrategyKind>(reader.GetString(4)),
        sql.Dialect.ReadTime(reader, 5),
        EnumText.Parse<OverflowPolicy>(reader.GetString(6)),
        reader.IsDBNull(7) ? null : JsonSerializer.Deserialize(reader.GetString(7), StorageJsonContext.Default.StringArray));

    private ModelPrice ReadPrice(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.GetInt64(2),
        sql.Dialect.ReadTime(reader, 3),
        reader.GetInt64(4));
}
