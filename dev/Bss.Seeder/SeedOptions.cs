using System.Globalization;
using Bss.ClientAuth;

namespace Bss.Seeder;

/// <summary>The command line of dev/seed.</summary>
internal sealed record SeedOptions(IReadOnlyList<Uri> BaseUrls, int Customers, int Concurrency, string Tag, TimeSpan Progress,
    TokenSettings Tokens)
{
    public const string Usage = """
        Usage: dev/seed [--customers N] [--concurrency C] [--base-urls URL[,URL...]] [--tag TAG] [--progress SECONDS]
                        [--issuer URL] [--client-id ID] [--client-secret S] [--username U --password P]

        Fills a running cluster (dev/run) with demo data through the REST API: the catalog (products, service
        definitions), stock devices and SIM cards, then N customers with addresses, subscriptions, service
        activations, assigned devices and SIM cards, invoices (some issued, some paid) and, where the cluster has
        them, orders. Safe to re-run: every POST has a deterministic Idempotency-Key, so a second run creates nothing.

          --customers N      customers to seed (default 2000); a larger N on a re-run adds only the new ones
          --concurrency C    requests in flight (default 16)
          --base-urls URLS   silos to send to, round robin (default http://127.0.0.1:8080)
          --tag TAG          1-6 of A-Z/0-9: a separate data set (keys, codes and numbers carry it); for tests
          --progress S       seconds between progress lines (default 2)


        """ + TokenSettings.Usage;

    public static SeedOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var tokenOptions = new Dictionary<string, string>(StringComparer.Ordinal);
        var urls = new List<Uri> { new("http://127.0.0.1:8080") };
        int customers = 2000, concurrency = 16;
        var tag = "";
        var progress = TimeSpan.FromSeconds(2);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--customers":
                    customers = Number(name, Value(), 0);
                    break;
                case "--concurrency":
                    concurrency = Number(name, Value(), 1);
                    break;
                case "--base-urls" or "--base-url":
                    urls = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"{name}: '{u}' is not a URL"))
                        .ToList();
                    break;
                case "--tag":
                    tag = Value().ToUpperInvariant();
                    if (tag.Length is < 1 or > 6 || !tag.All(char.IsAsciiLetterOrDigit))
                    {
                        throw new ArgumentException("--tag must be 1 to 6 letters or digits");
                    }

                    break;
                case "--progress":
                    progress = TimeSpan.FromSeconds(Number(name, Value(), 1));
                    break;
                case var option when TokenSettings.OptionNames.Contains(option):
                    tokenOptions[option] = Value();
                    break;
                default:
                    throw new ArgumentException($"unknown option '{name}'");
            }
        }

        return urls.Count == 0
            ? throw new ArgumentException("--base-urls names no URL")
            : new SeedOptions(urls, customers, concurrency, tag, progress, TokenSettings.From(tokenOptions, environment));
    }

    private static int Number(string name, string text, int min) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : throw new ArgumentException($"{name} must be a whole number ≥ {min} (got '{text}')");
}
