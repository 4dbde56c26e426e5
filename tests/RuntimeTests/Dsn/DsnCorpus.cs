namespace Sqlmint.RuntimeTests.Dsn;

/// <summary>Valid DSNs with their expected parse, shared by the grammar, round-trip and fuzz tests.</summary>
internal static class DsnCorpus
{
    public const string Password = "s3cr3t-P@ss";
    public const string EncodedPassword = "s3cr3t-P%40ss";

    // Expected summary: dbms;driver;user;password;hosts (host|port, comma-separated);database;query (sorted k=v, '&');inMemory.
    // "-" is null. Cases 1-17 are the examples of libpq's documentation (section "Connection URIs").
    public static readonly (string Dsn, string Expected)[] Valid =
    [
        ("postgresql://", "postgresql;npgsql;-;-;;-;;False"),
        ("postgresql://localhost", "postgresql;npgsql;-;-;localhost|;-;;False"),
        ("postgresql://localhost:5433", "postgresql;npgsql;-;-;localhost|5433;-;;False"),
        ("postgresql://localhost/mydb", "postgresql;npgsql;-;-;localhost|;mydb;;False"),
        ("postgresql://user@localhost", "postgresql;npgsql;user;-;localhost|;-;;False"),
        ("postgresql://user:secret@localhost", "postgresql;npgsql;user;secret;localhost|;-;;False"),
        ("postgresql://other@localhost/otherdb?connect_timeout=10&application_name=myapp",
            "postgresql;npgsql;other;-;localhost|;otherdb;application_name=myapp&connect_timeout=10;False"),
        ("postgresql://host1:123,host2:456/somedb?target_session_attrs=any&application_name=myapp",
            "postgresql;npgsql;-;-;host1|123,host2|456;somedb;application_name=myapp&target_session_attrs=any;False"),
        ("postgresql:///mydb?host=localhost&port=5433", "postgresql;npgsql;-;-;localhost|5433;mydb;;False"),
        ("postgresql://user@localhost:5433/mydb?options=-c%20synchronous_commit%3Doff",
            "postgresql;npgsql;user;-;localhost|5433;mydb;options=-c synchronous_commit=off;False"),
        ("postgresql://[2001:db8::1234]/database", "postgresql;npgsql;-;-;2001:db8::1234|;database;;False"),
        ("postgresql:///dbname?host=/var/lib/postgresql", "postgresql;npgsql;-;-;/var/lib/postgresql|;dbname;;False"),
        ("postgresql://%2Fvar%2Flib%2Fpostgresql/dbname", "postgresql;npgsql;-;-;/var/lib/postgresql|;dbname;;False"),
        ("postgresql://%2Fvar%2Frun%2Fpostgresql/db", "postgresql;npgsql;-;-;/var/run/postgresql|;db;;False"),
        ("postgresql:///db?host=/var/run/postgresql", "postgresql;npgsql;-;-;/var/run/postgresql|;db;;False"),
        ("postgresql://host1:1,host2:2,host3:3/", "postgresql;npgsql;-;-;host1|1,host2|2,host3|3;-;;False"),
        ("postgresql://localhost/mydb?sslmode=require", "postgresql;npgsql;-;-;localhost|;mydb;sslmode=require;False"),

        // Scheme forms.
        ("postgres://u:p@h/db", "postgresql;npgsql;u;p;h|;db;;False"),
        ("postgresql+npgsql://h/db", "postgresql;npgsql;-;-;h|;db;;False"),
        ("postgres+npgsql://h/db", "postgresql;npgsql;-;-;h|;db;;False"),
        ("postgresql+asyncpg://h/db", "postgresql;asyncpg;-;-;h|;db;;False"),
        ("PostgreSQL://H/Db", "postgresql;npgsql;-;-;H|;Db;;False"),

        // Credentials, with libpq's split: user up to the first ':', password up to the first '@'.
        ("postgresql://u:p%40ss%3Aw0rd@h", "postgresql;npgsql;u;p@ss:w0rd;h|;-;;False"),
        ("postgresql://u:pa:ss@h", "postgresql;npgsql;u;pa:ss;h|;-;;False"),
        ("postgresql://us%40er@h", "postgresql;npgsql;us@er;-;h|;-;;False"),
        ("postgresql://u%3Ax:p@h", "postgresql;npgsql;u:x;p;h|;-;;False"),
        ("postgresql://:p@h", "postgresql;npgsql;-;p;h|;-;;False"),
        ("postgresql://u:@h", "postgresql;npgsql;u;-;h|;-;;False"),
        ("postgresql://@h", "postgresql;npgsql;-;-;h|;-;;False"),
        ("postgresql://user@", "postgresql;npgsql;user;-;;-;;False"),
        ("postgresql://u:p@", "postgresql;npgsql;u;p;;-;;False"),
        ("postgresql://u:p@ss@h", "postgresql;npgsql;u;p;ss@h|;-;;False"),
        ("postgresql://u:s3cr3t-P%40ss@h/db", "postgresql;npgsql;u;s3cr3t-P@ss;h|;db;;False"),
        ("postgresql://u?x:p@h", "postgresql;npgsql;u?x;p;h|;-;;False"),
        ("postgresql://caf%C3%A9:%E2%82%AC@h", "postgresql;npgsql;café;€;h|;-;;False"),

        // Hosts and ports.
        ("postgresql://h:5432,h2:5433,h3:5434/db", "postgresql;npgsql;-;-;h|5432,h2|5433,h3|5434;db;;False"),
        ("postgresql://h1,h2/db", "postgresql;npgsql;-;-;h1|,h2|;db;;False"),
        ("postgresql://h1,h2:5433/db", "postgresql;npgsql;-;-;h1|,h2|5433;db;;False"),
        ("postgresql://h1:,h2/db", "postgresql;npgsql;-;-;h1|,h2|;db;;False"),
        ("postgresql://h1,,h2", "postgresql;npgsql;-;-;h1|,|,h2|;-;;False"),
        ("postgresql://h1,", "postgresql;npgsql;-;-;h1|,|;-;;False"),
        ("postgresql://:5433", "postgresql;npgsql;-;-;|5433;-;;False"),
        ("postgresql://:5433/db", "postgresql;npgsql;-;-;|5433;db;;False"),
        ("postgresql://h:05432", "postgresql;npgsql;-;-;h|5432;-;;False"),
        ("postgresql://h:65535", "postgresql;npgsql;-;-;h|65535;-;;False"),
        ("postgresql://h:1", "postgresql;npgsql;-;-;h|1;-;;False"),
        ("postgresql://h:", "postgresql;npgsql;-;-;h|;-;;False"),
        ("postgresql://host.example.com:5432/db", "postgresql;npgsql;-;-;host.example.com|5432;db;;False"),
        ("postgresql://10.0.0.1:5432/db", "postgresql;npgsql;-;-;10.0.0.1|5432;db;;False"),
        ("postgresql://[::1]:5432/db", "postgresql;npgsql;-;-;::1|5432;db;;False"),
        ("postgresql://[::1]", "postgresql;npgsql;-;-;::1|;-;;False"),
        ("postgresql://[::1],[fe80::1%25eth0]:5433/db", "postgresql;npgsql;-;-;::1|,fe80::1%eth0|5433;db;;False"),
        ("postgresql://u:p@[::1]:5432,h2/db?sslmode=disable", "postgresql;npgsql;u;p;::1|5432,h2|;db;sslmode=disable;False"),
        ("postgresql://[::1]?sslmode=disable", "postgresql;npgsql;-;-;::1|;-;sslmode=disable;False"),
        ("postgresql://h?sslmode=disable", "postgresql;npgsql;-;-;h|;-;sslmode=disable;False"),
        ("postgresql://h%2Dx", "postgresql;npgsql;-;-;h-x|;-;;False"),

        // Query parameters override the URI, and a port list of one applies to every host.
        ("postgresql://h1,h2/db?port=5433", "postgresql;npgsql;-;-;h1|5433,h2|5433;db;;False"),
        ("postgresql://h1,h2/db?port=5433,5434", "postgresql;npgsql;-;-;h1|5433,h2|5434;db;;False"),
        ("postgresql://h1:1,h2:2/db?port=7", "postgresql;npgsql;-;-;h1|7,h2|7;db;;False"),
        ("postgresql://h/db?host=a,b", "postgresql;npgsql;-;-;a|,b|;db;;False"),
        ("postgresql://h:5/db?host=a", "postgresql;npgsql;-;-;a|5;db;;False"),
        ("postgresql:///db?port=5433", "postgresql;npgsql;-;-;|5433;db;;False"),
        ("postgresql://h/db?port=", "postgresql;npgsql;-;-;h|;db;;False"),
        ("postgresql://h/db?host=%2Ftmp", "postgresql;npgsql;-;-;/tmp|;db;;False"),
        ("postgresql://h/db?host=[::1]&port=6000", "postgresql;npgsql;-;-;::1|6000;db;;False"),
        ("postgresql://h/db?host=", "postgresql;npgsql;-;-;;db;;False"),
        ("postgresql://h/db?user=alice&password=x", "postgresql;npgsql;alice;x;h|;db;;False"),
        ("postgresql://bob:pw@h/db?user=alice", "postgresql;npgsql;alice;pw;h|;db;;False"),
        ("postgresql://h/db?dbname=other", "postgresql;npgsql;-;-;h|;other;;False"),
        ("postgresql://h/a?dbname=", "postgresql;npgsql;-;-;h|;-;;False"),
        ("postgresql://h/db?ssl=true", "postgresql;npgsql;-;-;h|;db;sslmode=require;False"),
        ("postgresql://h/db?application_name=a&application_name=b", "postgresql;npgsql;-;-;h|;db;application_name=b;False"),
        ("postgresql://h/db?sslmode=verify-full&sslrootcert=/etc/ca.pem",
            "postgresql;npgsql;-;-;h|;db;sslmode=verify-full&sslrootcert=/etc/ca.pem;False"),
        ("postgresql://h/db?target_session_attrs=prefer-standby&load_balance_hosts=random",
            "postgresql;npgsql;-;-;h|;db;load_balance_hosts=random&target_session_attrs=prefer-standby;False"),
        ("postgresql://h/db?keepalives=1&keepalives_idle=30", "postgresql;npgsql;-;-;h|;db;keepalives=1&keepalives_idle=30;False"),
        ("postgresql://h/db?options=a%26b", "postgresql;npgsql;-;-;h|;db;options=a&b;False"),
        ("postgresql://h/db?application_name=a+b", "postgresql;npgsql;-;-;h|;db;application_name=a+b;False"),
        ("postgresql://h/db?application_name=caf%C3%A9", "postgresql;npgsql;-;-;h|;db;application_name=café;False"),
        ("postgresql://h/db?sslmode=", "postgresql;npgsql;-;-;h|;db;sslmode=;False"),
        ("postgresql://h/db?hostaddr=10.0.0.1", "postgresql;npgsql;-;-;h|;db;hostaddr=10.0.0.1;False"),
        ("postgresql://h/db?sslpassword=s3cr3t-P%40ss", "postgresql;npgsql;-;-;h|;db;sslpassword=s3cr3t-P@ss;False"),
        ("postgresql://h/db?password=s3cr3t-P%40ss&sslmode=require", "postgresql;npgsql;-;s3cr3t-P@ss;h|;db;sslmode=require;False"),
        ("postgresql://h%2Fx/db", "postgresql;npgsql;-;-;h/x|;db;;False"),

        // Database part: everything up to '?', decoded; an empty name is no name.
        ("postgresql://h/db/with/slash", "postgresql;npgsql;-;-;h|;db/with/slash;;False"),
        ("postgresql://h/%E2%82%AC", "postgresql;npgsql;-;-;h|;€;;False"),
        ("postgresql://h/db#frag", "postgresql;npgsql;-;-;h|;db#frag;;False"),
        ("postgresql://h/", "postgresql;npgsql;-;-;h|;-;;False"),
        ("postgresql://h?", "postgresql;npgsql;-;-;h|;-;;False"),
        ("postgresql://h/db?", "postgresql;npgsql;-;-;h|;db;;False"),
        ("postgresql://h/db?sslmode=require&", "postgresql;npgsql;-;-;h|;db;sslmode=require;False"),
        ("postgresql:///", "postgresql;npgsql;-;-;;-;;False"),

        // SQLite.
        ("sqlite://", "sqlite;microsoft;-;-;;:memory:;;True"),
        ("sqlite:///", "sqlite;microsoft;-;-;;:memory:;;True"),
        ("sqlite:///:memory:", "sqlite;microsoft;-;-;;:memory:;;True"),
        ("sqlite:///relative.db", "sqlite;microsoft;-;-;;relative.db;;False"),
        ("sqlite:////abs/path.db", "sqlite;microsoft;-;-;;/abs/path.db;;False"),
        ("sqlite:///dir/sub/x.db", "sqlite;microsoft;-;-;;dir/sub/x.db;;False"),
        ("sqlite:///my%20file.db", "sqlite;microsoft;-;-;;my file.db;;False"),
        ("sqlite:///C:/data/x.db", "sqlite;microsoft;-;-;;C:/data/x.db;;False"),
        ("sqlite:///x.db?mode=ro", "sqlite;microsoft;-;-;;x.db;mode=ro;False"),
        ("sqlite:///x.db?mode=rwc&cache=shared", "sqlite;microsoft;-;-;;x.db;cache=shared&mode=rwc;False"),
        ("sqlite:///shared?mode=memory&cache=shared", "sqlite;microsoft;-;-;;shared;cache=shared&mode=memory;True"),
        ("sqlite://?mode=memory", "sqlite;microsoft;-;-;;:memory:;mode=memory;True"),
        ("sqlite:///:memory:?cache=private", "sqlite;microsoft;-;-;;:memory:;cache=private;True"),
        ("sqlite+microsoft:///x.db", "sqlite;microsoft;-;-;;x.db;;False"),
        ("sqlite+sqlitepcl:///x.db", "sqlite;sqlitepcl;-;-;;x.db;;False"),
        ("SQLite:///x.db", "sqlite;microsoft;-;-;;x.db;;False"),
        ("sqlite:///x.db?foreign_keys=true&pooling=false&default_timeout=5",
            "sqlite;microsoft;-;-;;x.db;default_timeout=5&foreign_keys=true&pooling=false;False"),
        ("sqlite:///x.db?recursive_triggers=1&vfs=unix-dotfile", "sqlite;microsoft;-;-;;x.db;recursive_triggers=1&vfs=unix-dotfile;False"),
        ("sqlite:///x.db?password=s3cr3t-P%40ss", "sqlite;microsoft;-;s3cr3t-P@ss;;x.db;;False"),
        ("sqlite:///x.db?mode=ro&mode=rw", "sqlite;microsoft;-;-;;x.db;mode=rw;False"),

        // Other DBMS names parse generically, without folding or key checks.
        ("mysql://u:p@h:3306/db?charset=utf8", "mysql;;u;p;h|3306;db;charset=utf8;False"),
        ("mysql+pymysql://h/db", "mysql;pymysql;-;-;h|;db;;False"),
        ("mssql://h", "mssql;;-;-;h|;-;;False"),
        ("oracle://u@[::1]:1521/svc", "oracle;;u;-;::1|1521;svc;;False"),
        ("redis://", "redis;;-;-;;-;;False"),
        ("my-db.x://h", "my-db.x;;-;-;h|;-;;False"),
        ("mysql://h/db?host=x&password=y", "mysql;;-;-;h|;db;host=x&password=y;False"),
    ];

    // Valid DSNs with the distinctive password somewhere, the seeds the fuzz test mutates.
    public static readonly string[] WithPassword =
    [
        $"postgresql://alice:{EncodedPassword}@db.example.com:5432/app?sslmode=verify-full&application_name=svc",
        $"postgres://alice:{EncodedPassword}@h1:5432,h2:5433/app?target_session_attrs=primary",
        $"postgresql://alice:{EncodedPassword}@[::1]:5432,[fe80::1%25eth0]/app?port=5432",
        $"postgresql://alice:{EncodedPassword}@%2Fvar%2Frun%2Fpostgresql/app",
        $"postgresql:///app?host=/tmp&user=alice&password={EncodedPassword}&port=5433",
        $"postgresql://alice@h/app?sslpassword={EncodedPassword}&sslkey=/k.pem",
        $"postgresql+npgsql://alice:{EncodedPassword}@h/app?connect_timeout=10&load_balance_hosts=random",
        $"sqlite:///data/app.db?password={EncodedPassword}&mode=rwc&cache=shared",
        $"mysql+pymysql://alice:{EncodedPassword}@h:3306/app?charset=utf8mb4",
        $"postgresql://alice:{EncodedPassword}@h:5432/app?options=-c%20search_path%3Dx",
    ];

    public static string Summarize(Sqlmint.Dsn dsn)
    {
        static string N(string? s) => s ?? "-";
        var hosts = string.Join(",", dsn.Hosts.Select(h => h.Host + "|" + h.Port));
        var query = string.Join("&", dsn.Query.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        return $"{dsn.Dbms};{dsn.Driver};{N(dsn.User)};{N(dsn.Password)};{hosts};{N(dsn.Database)};{query};{dsn.IsInMemory}";
    }
}
