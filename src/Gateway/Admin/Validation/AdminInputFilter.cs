using Microsoft.AspNetCore.Http;

namespace GatoLink.Gateway.Admin.Validation;

/// <summary>Answers a refused <see cref="IAdminBody"/> before the handler runs; added once per admin group, after authentication.</summary>
public sealed class AdminInputFilter : IEndpointFilter
{
    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        foreach (var argument in context.Arguments)
        {
            if (argument is IAdminBody { Error: { } error })
            {
                return ValueTask.FromResult<object?>(AdminResults.Error(error));
            }
        }

        return next(context);
    }
}
