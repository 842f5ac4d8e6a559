namespace GatoLink.Cli.SignIn;

/// <summary>What the user must see to approve a device code sign-in.</summary>
/// <param name="VerificationUri">Where to go.</param>
/// <param name="VerificationUriComplete">The same page with the code filled in, when the provider gives one.</param>
/// <param name="UserCode">The code to type there.</param>
/// <param name="ExpiresIn">How long the code is valid.</param>
public sealed record DeviceCodePrompt(string VerificationUri, string? VerificationUriComplete, string UserCode, TimeSpan ExpiresIn);
