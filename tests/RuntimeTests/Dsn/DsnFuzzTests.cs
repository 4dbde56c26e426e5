using System.Diagnostics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Sqlmint.Internal;
using Xunit;

namespace Sqlmint.RuntimeTests.Dsn;

/// <summary>
/// Property: for any string, Parse either succeeds or throws FormatException; TryParse never throws and agrees;
/// no message or rendering contains the password of the DSN the input was mutated from; every call is fast.
/// </summary>
public sealed class DsnFuzzTests
{
    private const int Cases = 100_000;
    // A hang guard, not a speed test: generous, because CI machines are shared and a GC pause can take a while.
    private static readonly TimeSpan s_perCallLimit = TimeSpan.FromSeconds(2);

    private static readonly string[] s_seeds = [.. DsnCorpus.WithPassword, .. DsnCorpus.Valid.Select(v => v.Dsn)];

    // Characters that matter to the grammar, plus a few that stress decoding.
    private static readonly string[] s_pieces =
    [
        ":", "/", "//", "://", "@", "?", "&", "=", ",", "[", "]", "%", "%4", "%zz", "%00", "%FF", "%C3", "%2F", "%40",
        "+", "#", ";", " ", "\"", "'", "\\", "a", "Z", "0", "9", "65536", "-", ".", "é", "€", "\u0000", "\uD800", "\uDC00",
        "sslmode=", "host=", "port=", "password=", "user=", "dbname=", "mode=", "postgresql://", "sqlite://", "mysql://",
        "[::1]", "h1,h2", ":5432", DsnCorpus.EncodedPassword, DsnCorpus.Password,
    ];

    // FsCheck picks the seed DSN and a random stream; mutating from the stream keeps generation cheap enough for 100,000 cases.
    private static Gen<string> MutatedSeed() =>
        from seed in Gen.Elements(s_seeds)
        from count in Gen.Choose(1, 4)
        from random in Gen.Choose(int.MinValue, int.MaxValue)
        select Mutate(seed, count, new Random(random));

    private static Gen<string> RandomText() =>
        from prefix in Gen.Elements("", "postgresql://", "postgres://", "sqlite://", "mysql://", "pg+x://", "sqlite:///")
        from count in Gen.Choose(0, 12)
        from random in Gen.Choose(int.MinValue, int.MaxValue)
        select prefix + Pieces(count, new Random(random));

    private static string Pieces(int count, Random random)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append(s_pieces[random.Next(s_pieces.Length)]);
        }

        return text.ToString();
    }

    private static string Mutate(string seed, int count, Random random)
    {
        var text = new StringBuilder(seed);
        for (int i = 0; i < count; i++)
        {
            int at = random.Next(text.Length + 1);
            int length = Math.Min(random.Next(1, 7), text.Length - at);
            string piece = s_pieces[random.Next(s_pieces.Length)];
            switch (random.Next(6))
            {
                case 0:
                    text.Insert(at, piece);
                    break;
                case 1:
                    text.Remove(at, length);
                    break;
                case 2:
                    text.Remove(at, length).Insert(at, piece);
                    break;
                case 3:
                    // Duplicate a slice, which repeats separators and hosts.
                    text.Insert(at, text.ToString(at, length));
                    break;
                case 4:
                    text.Length = at;
                    break;
                default:
                    if (at + 1 < text.Length)
                    {
                        (text[at], text[at + 1]) = (text[at + 1], text[at]);
                    }

                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>Checks one input; returns a failure description, or null when every property holds.</summary>
    internal static string? Check(string input, Func<string, string?>? messageFilter = null)
    {
        Sqlmint.Dsn? parsed = null;
        string? message = null;
        var watch = Stopwatch.StartNew();
        try
        {
            parsed = Sqlmint.Dsn.Parse(input);
        }
        catch (FormatException e)
        {
            message = messageFilter is null ? e.Message : messageFilter(e.Message);
        }
        catch (Exception e)
        {
            return $"Parse threw {e.GetType().Name}: {e.Message}";
        }

        bool ok;
        Sqlmint.Dsn? tried;
        try
        {
            ok = Sqlmint.Dsn.TryParse(input, out tried);
        }
        catch (Exception e)
        {
            return $"TryParse threw {e.GetType().Name}";
        }

        watch.Stop();
        if (watch.Elapsed > s_perCallLimit)
        {
            return $"took {watch.Elapsed}";
        }

        if (ok != (parsed is not null) || (ok && !parsed!.Equals(tried)))
        {
            return "TryParse disagrees with Parse";
        }

        if (message is not null)
        {
            return LeaksPassword(message) ? "an error message contains the password: " + message : null;
        }

        // A rendering hides the password wherever the parser found it (a mutation may also have put its text in a host).
        if (parsed!.Password == DsnCorpus.Password && !OtherPartsContainPasswordText(parsed) && LeaksPassword(parsed.ToString()))
        {
            return "ToString contains the password";
        }

        return CheckBuild(parsed);
    }

    private static string? CheckBuild(Sqlmint.Dsn dsn)
    {
        try
        {
            if (dsn.Dbms == "postgresql")
            {
                _ = PostgresConnectionString.Build(dsn, "/sock");
            }
            else if (dsn.Dbms == "sqlite")
            {
                _ = SqliteConnectionString.Build(dsn);
            }
        }
        catch (FormatException e)
        {
            return LeaksPassword(e.Message) ? "a build error contains the password: " + e.Message : null;
        }
        catch (Exception e)
        {
            return $"Build threw {e.GetType().Name}: {e.Message}";
        }

        return null;
    }

    private static bool OtherPartsContainPasswordText(Sqlmint.Dsn dsn) =>
        new[] { dsn.Dbms, dsn.Driver, dsn.User ?? "", dsn.Database ?? "" }
            .Concat(dsn.Hosts.Select(h => h.Host))
            .Concat(dsn.Query.Keys)
            .Concat(dsn.Query.Values)
            .Any(LeaksPassword);

    private static bool LeaksPassword(string text) =>
        text.Contains(DsnCorpus.Password, StringComparison.Ordinal)
        || text.Contains(DsnCorpus.EncodedPassword, StringComparison.OrdinalIgnoreCase)
        || text.Contains("s3cr3t", StringComparison.Ordinal);

    [Fact]
    public void Random_and_mutated_dsns_only_ever_fail_with_a_clean_FormatException()
    {
        var gen = Gen.Frequency((4, MutatedSeed()), (1, RandomText()));
        var failures = new List<string>();
        int errors = 0;
        var property = Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var failure = Check(input);
            if (!Sqlmint.Dsn.TryParse(input, out _))
            {
                errors++;
            }

            if (failure is not null)
            {
                failures.Add(failure + " <- " + input);
            }

            return failure is null;
        });
        try
        {
            global::FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true), property);
        }
        catch (Exception e) when (failures.Count > 0)
        {
            Assert.Fail(string.Join(Environment.NewLine, failures) + Environment.NewLine + e.Message);
        }

        Assert.Empty(failures);

        // The mix must exercise both outcomes heavily, or the property says little.
        Assert.InRange(errors, Cases / 5, Cases * 4 / 5);
    }

    [Fact]
    public void Every_seed_is_valid()
    {
        foreach (var seed in s_seeds)
        {
            Assert.True(Sqlmint.Dsn.TryParse(seed, out _), seed);
            Assert.Null(Check(seed));
        }
    }

    // The property must be able to fail: a message that echoes its input (as a careless parser would) is caught.
    [Fact]
    public void The_property_catches_a_message_that_echoes_the_input()
    {
        var leaky = Check("postgresql://u:s3cr3t-P%40ss/db", message => message + " in '" + "postgresql://u:s3cr3t-P%40ss/db" + "'");
        Assert.NotNull(leaky);
        Assert.Contains("contains the password", leaky);
    }
}
