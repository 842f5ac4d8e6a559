using Microsoft.EntityFrameworkCore;

namespace GatoLink.Integration.Tests.Identity;

/// <summary>
/// The test provider's store (OpenIddict's Entity Framework Core entities on EF Core's in-memory database): its one
/// registered client, and the tokens the device code flow must keep between the device's polls and the user's approval.
/// </summary>
public sealed class OidcProviderDb(DbContextOptions<OidcProviderDb> options) : DbContext(options);
