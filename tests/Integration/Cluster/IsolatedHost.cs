using System.Diagnostics;
using System.Globalization;
using GatoLink.Integration.Tests.Infrastructure.Skipping;

namespace GatoLink.Integration.Tests.Cluster;

/// <summary>
/// A host of its own on this machine: a network namespace with one address, joined to this namespace by a bridge that
/// holds the other address of a /24 (both reach each other; the bridge address serves everything the isolated side
/// needs). <see cref="PartitionAsync"/> makes the host vanish as a pulled cable does: every packet both ways is dropped
/// without a reset or an ICMP answer (the bridge port goes down; permanent neighbour entries so that no failed ARP
/// answers fast either), and existing connections simply go silent. <see cref="HealAsync"/> brings the cable back.
/// Needs root and iproute2 (CI runs as root); elsewhere the test using it reports itself skipped.
/// </summary>
public sealed class IsolatedHost : IAsyncDisposable
{
    private readonly int _subnet;

    private IsolatedHost(int subnet) => _subnet = subnet;

    /// <summary>The namespace to run processes in.</summary>
    public string Namespace => $"gatolink-{_subnet}";

    /// <summary>The isolated side's address.</summary>
    public string Address => $"10.201.{_subnet}.2";

    /// <summary>This namespace's address on the bridge (bind here what the isolated side must reach).</summary>
    public string BridgeAddress => $"10.201.{_subnet}.1";

    private string Bridge => $"glbr{_subnet}";

    private string HostEnd => $"glh{_subnet}";

    private string IsolatedEnd => $"gln{_subnet}";

    /// <summary>Creates the namespace, the bridge and the link between them.</summary>
    public static async Task<IsolatedHost> CreateAsync()
    {
        var hasIp = new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip" }.Any(File.Exists);
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal) || !hasIp)
        {
            throw ToolMissing.Stop("root and iproute2 (network namespaces)", "run the tests as root with iproute2 installed (CI does)");
        }

        // A subnet of this process's own, so that parallel runs on one machine do not meet.
        var host = new IsolatedHost(20 + (Environment.ProcessId % 200));
        await host.RemoveAsync();
        try
        {
            await Ip("netns", "add", host.Namespace);
            await Ip("link", "add", host.Bridge, "type", "bridge");
            await Ip("addr", "add", host.BridgeAddress + "/24", "dev", host.Bridge);
            await Ip("link", "set", host.Bridge, "up");
            await Ip("link", "add", host.HostEnd, "type", "veth", "peer", "name", host.IsolatedEnd);
            await Ip("link", "set", host.HostEnd, "master", host.Bridge);
            await Ip("link", "set", host.HostEnd, "up");
            await Ip("link", "set", host.IsolatedEnd, "netns", host.Namespace);
            await host.InsideAsync("addr", "add", host.Address + "/24", "dev", host.IsolatedEnd);
            await host.InsideAsync("link", "set", host.IsolatedEnd, "up");
            await host.InsideAsync("link", "set", "lo", "up");
            var isolatedMac = (await RunAsync("ip", "netns", "exec", host.Namespace, "cat", $"/sys/class/net/{host.IsolatedEnd}/address")).Trim();
            var bridgeMac = (await File.ReadAllTextAsync($"/sys/class/net/{host.Bridge}/address")).Trim();
            await Ip("neigh", "replace", host.Address, "lladdr", isolatedMac, "dev", host.Bridge, "nud", "permanent");
            await host.InsideAsync("neigh", "replace", host.BridgeAddress, "lladdr", bridgeMac, "dev", host.IsolatedEnd, "nud", "permanent");
            return host;
        }
        catch
        {
            await host.RemoveAsync();
            throw;
        }
    }

    /// <summary>Pulls the cable: from now on nothing passes, in either direction, and nobody is told.</summary>
    public Task PartitionAsync() => Ip("link", "set", HostEnd, "down");

    /// <summary>Plugs it back in.</summary>
    public Task HealAsync() => Ip("link", "set", HostEnd, "up");

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await RemoveAsync();

    private async Task RemoveAsync()
    {
        // Deleting the namespace deletes its end of the link, and with it the other end; the bridge goes on its own.
        await RunAsync("ip", check: false, "netns", "del", Namespace);
        await RunAsync("ip", check: false, "link", "del", HostEnd);
        await RunAsync("ip", check: false, "link", "del", Bridge);
    }

    private Task InsideAsync(params string[] arguments) => RunAsync("ip", ["-n", Namespace, .. arguments]);

    private static Task Ip(params string[] arguments) => RunAsync("ip", arguments);

    private static Task<string> RunAsync(string program, params string[] arguments) => RunAsync(program, check: true, arguments);

    private static async Task<string> RunAsync(string program, bool check, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var message = await error;
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {message}"));
        }

        return await output;
    }
}
