namespace GatoLink.Integration.Tests.Infrastructure.Skipping;

/// <summary>
/// What a test does when a tool it needs (promtool, prometheus, Chromium, npm) is missing: outside CI it stops and
/// reports itself skipped with the reason (a green run never hides what did not run); under <c>CI=true</c> it fails,
/// because CI installs everything (<c>.ci/setup</c>).
/// </summary>
public static class ToolMissing
{
    /// <summary>True under CI (<c>CI=true</c>).</summary>
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Stops the test: skipped outside CI, failed under it.</summary>
    /// <param name="tool">What is missing.</param>
    /// <param name="install">How to install it.</param>
    public static Exception Stop(string tool, string install) => Stop(tool, install, OnCi);

    /// <summary>Stops the test as <see cref="Stop(string, string)"/>, with CI given.</summary>
    public static Exception Stop(string tool, string install, bool onCi)
    {
        var reason = $"{tool} is not installed ({install}, or run .ci/setup as root).";
        if (onCi)
        {
            Assert.Fail($"{reason} CI must install it: under CI=true a test never skips.");
        }

        throw new ToolMissingException($"Skipped: {reason}");
    }
}
