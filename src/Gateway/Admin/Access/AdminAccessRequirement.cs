using Microsoft.AspNetCore.Authorization;

namespace GatoLink.Gateway.Admin.Access;

/// <summary>One <see cref="AdminAccess"/> rule as an authorization requirement, checked by <see cref="AdminAccessHandler"/>.</summary>
/// <param name="Access">The rule.</param>
public sealed record AdminAccessRequirement(AdminAccess Access) : IAuthorizationRequirement;
