using GatoLink.Grains.Abstractions.Alerts;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>A webhook's event kinds as the <c>events</c> column: <c>*</c> for all, else <c>,a,b,</c> (so a LIKE finds one).</summary>
internal static class WebhookEvents
{
    public static string ToColumn(IReadOnlyList<OutboxEventKind> kinds) =>
        kinds.Count == 0 ? "*" : "," + string.Join(',', kinds.Select(OutboxEventKinds.ToText)) + ",";

    public static IReadOnlyList<OutboxEventKind> FromColumn(string text) =>
        text == "*" ? [] : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(OutboxEventKinds.Parse).OfType<OutboxEventKind>()];

    /// <summary>The SQL condition on <c>events</c> for the kind in parameter <c>@kind_like</c> (bound with <see cref="Like"/>).</summary>
    public const string MatchSql = "(events = '*' OR events LIKE @kind_like)";

    public static string Like(OutboxEventKind kind) => "%," + OutboxEventKinds.ToText(kind) + ",%";
}
