using System.Globalization;
using GatoLink.Gateway.Identity;
using Microsoft.AspNetCore.Rewrite;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace GatoLink.Silo.Hosting;

/// <summary>
/// Serves the tenant-admin portal (web/portal, built into the output's <c>wwwroot/portal</c> by the build) at
/// <c>/portal</c>: hashed assets cached for a year, every other path under /portal answered with index.html so the
/// single-page app owns its routes. The portal holds an admin key in the browser, so its pages carry a strict
/// content security policy: scripts only from this origin, no framing.
/// </summary>
public static partial class PortalHosting
{
    /// <summary>Where the portal is served.</summary>
    public const string Path = "/portal";

    // connect-src adds the OpenID Connect provider's origin when one is set: the portal reads its discovery document
    // and redeems the authorization code there (a public client with PKCE has no back end to do it for it).
    private const string ContentSecurityPolicyFormat =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'{0}; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The built portal's directory beside the silo's assemblies.</summary>
    public static string AssetDirectory => System.IO.Path.Combine(AppContext.BaseDirectory, "wwwroot", "portal");

    /// <summary>Maps /portal: the built files, or a 503 that says how to build them.</summary>
    public static WebApplication MapPortal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = AssetDirectory;
        if (!File.Exists(System.IO.Path.Combine(root, "index.html")))
        {
            LogNotBuilt(app.Logger, root);
            app.MapGet(Path + "/{**path}", () => TypedResults.Text(
                "The GatoLink portal was not built into this silo. Build the silo with Node.js and npm on PATH (dotnet build runs npm in web/portal).",
                "text/plain; charset=utf-8",
                statusCode: StatusCodes.Status503ServiceUnavailable)).ExcludeFromDescription();
            return app;
        }

        var oidc = app.Services.GetRequiredService<IOptions<OidcOptions>>().Value;
        var policy = string.Format(CultureInfo.InvariantCulture, ContentSecurityPolicyFormat, oidc.Enabled ? " " + new Uri(oidc.Authority!).GetLeftPart(UriPartial.Authority) : "");
        var files = new PhysicalFileProvider(root);

        // Only /portal requests pass the file and rewrite middleware: the API's requests have no business there.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path, StringComparison.Ordinal), portal =>
        {
            portal.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                RequestPath = Path,
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                OnPrepareResponse = context => AddHeaders(context.Context.Response, policy, immutable: context.Context.Request.Path.StartsWithSegments(Path + "/assets", StringComparison.Ordinal)),
            });

            // "/portal" → "/portal/" (endpoint routing treats both alike, so this is a rewrite rule, not a route).
            portal.UseRewriter(new RewriteOptions().AddRedirect("^portal$", "portal/"));
        });

        // Client-side routes (/portal/keys, /portal/usage, …) get the app; a missing asset stays a 404.
        app.MapFallbackToFile(Path + "/{*path:nonfile}", "index.html", new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context => AddHeaders(context.Context.Response, policy, immutable: false),
        });
        return app;
    }

    private static void AddHeaders(HttpResponse response, string policy, bool immutable)
    {
        var headers = response.Headers;
        headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
        headers.ContentSecurityPolicy = policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The portal's files are not in {Directory}: /portal answers 503. Build the silo with npm on PATH.")]
    private static partial void LogNotBuilt(ILogger logger, string directory);
}
