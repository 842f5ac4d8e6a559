using System.Reflection;
using System.Text.Json;
using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Admin.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GatoLink.Integration.Tests.Admin;

/// <summary>
/// Every /admin route of the running silo, read from its <see cref="EndpointDataSource"/>, so that tests generated
/// from it cover a route added tomorrow without anyone listing it.
/// </summary>
internal static class AdminRouteTable
{
    /// <summary>One method and pattern (<c>PATCH /admin/tenants/{id:guid}</c>), with the request type its body binds to, if any.</summary>
    public sealed record Route(string Method, string Pattern, Type? BodyType, IReadOnlySet<AdminAccess> Access)
    {
        public override string ToString() => $"{Method} {Pattern}";
    }

    /// <summary>The admin routes of <paramref name="services"/>' app.</summary>
    public static IReadOnlyList<Route> Of(IServiceProvider services)
    {
        var routes = new List<Route>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (!pattern.StartsWith("/admin/", StringComparison.Ordinal))
            {
                continue;
            }

            var body = endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters()
                .Select(p => p.ParameterType)
                .FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(AdminBody<>));
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToHashSet();
            var access = Enum.GetValues<AdminAccess>().Where(a => policies.Contains(a.PolicyName())).ToHashSet();
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                routes.Add(new Route(method, pattern, body?.GetGenericArguments()[0], access));
            }
        }

        return routes;
    }

    /// <summary>The fields a route's body may carry, from the request type itself.</summary>
    public static IReadOnlyCollection<string> KnownFields(IServiceProvider services, Type requestType)
    {
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var known = typeof(AdminBody<>).MakeGenericType(requestType).GetMethod(nameof(AdminBody<GatoLink.Gateway.Admin.PricingRequest>.KnownFields))!;
        return (IReadOnlyCollection<string>)known.Invoke(null, [json])!;
    }

    /// <summary>
    /// A concrete path for <paramref name="pattern"/>: a parameter after <c>tenants</c> is <paramref name="tenant"/>,
    /// after <c>keys</c> <paramref name="key"/>, after <c>models</c> the configured model, after <c>nodes</c> a node id.
    /// A parameter after anything else fails the test: say here what it stands for.
    /// </summary>
    public static string Fill(string pattern, Guid tenant, Guid key, string node = "node-x")
    {
        var segments = pattern.Trim('/').Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{'))
            {
                continue;
            }

            segments[i] = (i > 0 ? segments[i - 1] : "") switch
            {
                "tenants" => tenant.ToString(),
                "keys" => key.ToString(),
                "models" => "demo-8b",
                "nodes" => node,
                "webhooks" => tenant.ToString(),
                "plans" => "pro",
                "invoices" => $"202612-{tenant:N}",
                var other => throw new InvalidOperationException($"{pattern}: no test value for a parameter after '{other}'; add one to {nameof(AdminRouteTable)}.{nameof(Fill)}."),
            };
        }

        return string.Join('/', segments);
    }

    /// <summary>Serialises a one-field body.</summary>
    public static string OneField(string field, object value) => JsonSerializer.Serialize(new Dictionary<string, object> { [field] = value });
}
