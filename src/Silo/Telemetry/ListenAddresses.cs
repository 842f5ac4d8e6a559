using System.Net;

namespace GatoLink.Silo.Telemetry;

/// <summary>Reads the server's listen addresses (<c>http://127.0.0.1:8080</c>, <c>http://[::]:80</c>, <c>http://*:8080</c>).</summary>
public static class ListenAddresses
{
    /// <summary>True when every address is loopback (an IP in 127.0.0.0/8 or ::1, or <c>localhost</c>); false for none or any other.</summary>
    public static bool AllLoopback(IEnumerable<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var any = false;
        foreach (var address in addresses)
        {
            any = true;
            if (!IsLoopback(address))
            {
                return false;
            }
        }

        return any;
    }

    private static bool IsLoopback(string address)
    {
        // Kestrel's wildcards (*, +) are not valid URI hosts: they listen everywhere.
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
