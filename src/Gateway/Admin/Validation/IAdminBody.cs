using GatoLink.Grains.Abstractions.Errors;

namespace GatoLink.Gateway.Admin.Validation;

/// <summary>A bound admin body, as <see cref="AdminInputFilter"/> sees it: refused or not.</summary>
public interface IAdminBody
{
    /// <summary>Why the body was refused (400 naming the field, or 413), or null when it is valid.</summary>
    GatoError? Error { get; }
}
