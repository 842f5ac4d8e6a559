using System.Text.Json;

namespace GatoLink.Gateway.Admin.Validation;

/// <summary>
/// An admin request body: read from a JSON object, then checked by its own <see cref="Validate"/>, the one place
/// that holds its rules. <see cref="AdminBody{T}"/> does both before the handler runs.
/// </summary>
/// <typeparam name="TSelf">The request type.</typeparam>
public interface IAdminRequest<TSelf>
    where TSelf : class, IAdminRequest<TSelf>
{
    /// <summary>Reads the request from <paramref name="body"/>; a field of the wrong type throws <see cref="BadFieldException"/>.</summary>
    /// <param name="body">The body, a JSON object.</param>
    /// <param name="json">The API's serializer settings (snake_case, enums as strings).</param>
    static virtual TSelf Read(JsonElement body, JsonSerializerOptions json) => AdminJson.Deserialize<TSelf>(body, json);

    /// <summary>The top-level fields the body may carry, as the client spells them; any other is refused (400 naming it).</summary>
    /// <param name="json">The API's serializer settings, whose naming policy spells the fields.</param>
    static virtual IReadOnlyCollection<string> Fields(JsonSerializerOptions json) => AdminJson.FieldsOf<TSelf>(json);

    /// <summary>The first field that breaks a rule, or null when the request is valid.</summary>
    /// <param name="now">The silo's clock, for rules about dates.</param>
    FieldError? Validate(DateTimeOffset now);
}
