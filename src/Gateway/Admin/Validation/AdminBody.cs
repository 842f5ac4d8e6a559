using System.Reflection;
using System.Text.Json;
using System.Text.Unicode;
using GatoLink.Gateway.Errors;
using GatoLink.Gateway.OpenAi;
using GatoLink.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace GatoLink.Gateway.Admin.Validation;

/// <summary>
/// An admin request body, read and validated while binding. Binding never fails: a bad body becomes
/// <see cref="Error"/>, which <see cref="AdminInputFilter"/> answers (400 naming the field) after authentication,
/// so the handler only ever sees a valid <see cref="Value"/>.
/// </summary>
/// <typeparam name="T">The request type, which owns its rules.</typeparam>
public sealed class AdminBody<T> : IAdminBody, IBindableFromHttpContext<AdminBody<T>>
    where T : class, IAdminRequest<T>
{
    /// <summary>Largest admin body: generous for a model with many aliases, far below anything that hurts.</summary>
    public const long MaxBytes = 1024 * 1024;

    private readonly T? _value;

    private AdminBody(T? value, GatoError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The valid request; only read when <see cref="Error"/> is null, as <see cref="AdminInputFilter"/> ensures.</summary>
    public T Value => _value ?? throw new InvalidOperationException($"The {typeof(T).Name} body was refused: {Error?.Message}");

    /// <inheritdoc />
    public GatoError? Error { get; }

    /// <summary>Reads the body: bounded, UTF-8, a JSON object, each field of the right type, then the request's own rules.</summary>
    public static async ValueTask<AdminBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (bytes, tooLarge) = await RequestBodyReader.ReadAsync(context.Request, MaxBytes, context.RequestAborted);
        if (bytes is null)
        {
            return new AdminBody<T>(null, tooLarge);
        }

        if (!Utf8.IsValid(bytes))
        {
            return Invalid(new FieldError("body", "The body is not valid UTF-8."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            return Invalid(new FieldError("body", "The body is not valid JSON."));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Invalid(new FieldError("body", "The body must be a JSON object."));
            }

            var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            if (UnknownFields.Find(document.RootElement, T.Fields(json)) is { } unknown)
            {
                return Invalid(unknown);
            }

            T value;
            try
            {
                value = T.Read(document.RootElement, json);
            }
            catch (BadFieldException ex)
            {
                return Invalid(new FieldError(ex.Field, ex.Message));
            }

            var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            return value.Validate(now) is { } bad ? Invalid(bad) : new AdminBody<T>(value, null);
        }
    }

    /// <summary>The fields a <typeparamref name="T"/> body may carry (what an unknown field is refused against).</summary>
    public static IReadOnlyCollection<string> KnownFields(JsonSerializerOptions json) => T.Fields(json);

    private static AdminBody<T> Invalid(FieldError error) =>
        new(null, OpenAiErrors.InvalidRequest(error.Message, error.Field));
}
