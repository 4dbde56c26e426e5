using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Text;

namespace Sqlmint;

/// <summary>
/// No host of a DSN could serve the session: each was down, or none had the role <c>target_session_attrs</c> asks
/// for. The message names every host tried and the attribute; the driver's error is the inner exception. It is a
/// <see cref="DbException"/>, so code that catches driver errors still catches it.
/// </summary>
public sealed class HostUnavailableException : DbException
{
    internal HostUnavailableException(Dsn dsn, DbException inner)
        : base(Describe(dsn, inner), inner)
    {
        Hosts = dsn.Hosts;
        TargetSessionAttributes = AttributesOf(dsn);
    }

    /// <summary>The hosts the DSN lists, in order.</summary>
    public IReadOnlyList<DsnHost> Hosts { get; }

    /// <summary>The role the DSN asked for (<c>any</c> when it named none).</summary>
    public string TargetSessionAttributes { get; }

    private static string AttributesOf(Dsn dsn) =>
        dsn.Query.TryGetValue("target_session_attrs", out string? value) && value.Length > 0 ? value : "any";

    private static string Describe(Dsn dsn, DbException inner)
    {
        var text = new StringBuilder()
            .Append("Could not open a session with target_session_attrs=").Append(AttributesOf(dsn))
            .Append(" on any of the hosts ");

        // A loop, not string.Join over the hosts: that is a generic of its own per element type in a NativeAOT binary.
        for (int i = 0; i < dsn.Hosts.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(dsn.Hosts[i].ToString());
        }

        text.Append(". Driver: ");

        // Npgsql reports each host's failure inside an AggregateException; list them so the reader sees all.
        for (Exception? cause = inner; cause is not null; cause = cause.InnerException)
        {
            if (cause is AggregateException aggregate)
            {
                foreach (Exception each in aggregate.InnerExceptions)
                {
                    text.Append(each.Message);
                    if (each.InnerException is { } detail)
                    {
                        text.Append(" (").Append(detail.Message).Append(')');
                    }

                    text.Append("; ");
                }

                break;
            }

            text.Append(cause.Message).Append("; ");
        }

        return text.ToString().TrimEnd(' ', ';') + ".";
    }
}
