using System.Net;
using System.Net.Sockets;

namespace Majster.Core;

/// <summary>Loopback ports for the servers this project starts itself (embedded PostgreSQL, test and bench sinks, apps).</summary>
public static class LoopbackPorts
{
    /// <summary>A port nothing listens on right now (the OS picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
