namespace Sqlmint;

/// <summary>One server address of a <see cref="Dsn"/>: a host with an optional port.</summary>
/// <param name="Host">
/// The host name, the IPv4 or IPv6 address (without brackets), or a Unix socket directory (a path starting with
/// <c>/</c>). An empty string means the driver's default, which for PostgreSQL is the local socket, as in libpq.
/// </param>
/// <param name="Port">The port, or <see langword="null"/> for the driver's default port.</param>
public readonly record struct DsnHost(string Host, int? Port)
{
    /// <summary>Renders the host as <c>host:5432</c>, or <c>[::1]:5432</c> for an IPv6 address.</summary>
    /// <returns>The host, bracketed when it is an IPv6 address, followed by <c>:port</c> when a port is set.</returns>
    public override string ToString()
    {
        // default(DsnHost) has a null Host; render it as the empty default host.
        var host = Host ?? string.Empty;
        if (IsIPv6(host))
        {
            host = "[" + host + "]";
        }

        return Port is { } port ? host + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) : host;
    }

    // A colon can only be part of an IPv6 address; socket directories are paths and keep theirs.
    internal static bool IsIPv6(string host) => host.Length > 0 && host[0] != '/' && host.Contains(':');
}
