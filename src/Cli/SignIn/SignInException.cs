namespace GatoLink.Cli.SignIn;

/// <summary>
/// A sign-in at the identity provider did not happen or no longer holds: the silo has no provider, the user denied it,
/// the code or the session expired, or the provider could not be reached. The message says what to do.
/// </summary>
public sealed class SignInException : Exception
{
    /// <summary>A failure with a message for the user.</summary>
    public SignInException(string message)
        : base(message)
    {
    }

    /// <summary>A failure caused by <paramref name="innerException"/>.</summary>
    public SignInException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
