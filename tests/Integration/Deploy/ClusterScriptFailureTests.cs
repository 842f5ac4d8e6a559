using System.Runtime.Versioning;
using Xunit.Abstractions;

namespace GatoLink.Integration.Tests.Deploy;

/// <summary>
/// <c>cluster.sh up</c> that fails keeps what its error points to: run as root (as CI runs) with a state directory the
/// postgres user cannot reach, it says so, stops, and leaves the state directory and its logs for the operator; the
/// next <c>down</c> removes them.
/// </summary>
public sealed class ClusterScriptFailureTests(ITestOutputHelper output)
{
    [Fact]
    [UnsupportedOSPlatform("windows")] // file modes and the postgres user are POSIX
    public async Task A_failed_up_says_the_postgres_user_cannot_enter_the_state_directory_and_keeps_it()
    {
        Assert.True(Environment.UserName == "root", "this test runs the script as root, as CI does (PostgreSQL then runs as the postgres user)");
        var closed = Directory.CreateTempSubdirectory("gatolink-closed-");
        try
        {
            File.SetUnixFileMode(closed.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var cluster = LocalClusterScript.At(Path.Combine(closed.FullName, "state"));
            var (exitCode, _, errors) = await cluster.TryRunAsync(output.WriteLine, TimeSpan.FromMinutes(2), "up", "--silos", "1");
            Assert.NotEqual(0, exitCode);
            Assert.Contains("the postgres user cannot enter", errors, StringComparison.Ordinal);
            Assert.Contains($"logs kept in {cluster.StateDirectory}", errors, StringComparison.Ordinal);
            Assert.True(Directory.Exists(Path.Combine(cluster.StateDirectory, "pg")), "the failed up removed its state directory");
            Assert.False(File.Exists(Path.Combine(cluster.StateDirectory, "cluster.env")), "a failed up left a cluster the next up would refuse to replace");

            await cluster.DownAsync(output.WriteLine);
            Assert.False(Directory.Exists(cluster.StateDirectory));
        }
        finally
        {
            closed.Delete(recursive: true);
        }
    }
}
