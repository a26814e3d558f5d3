using Bss.ClientAuth;
using Bss.Seeder;

// dev/seed puts --base-urls before the arguments it is given: help is asked for anywhere on the line.
if (args.Contains("-h") || args.Contains("--help"))
{
    Console.WriteLine(SeedOptions.Usage);
    return 0;
}

SeedOptions options;
try
{
    options = SeedOptions.Parse(args, Environment.GetEnvironmentVariable);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"dev/seed: {e.Message}");
    Console.Error.WriteLine(SeedOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Console.WriteLine("stopping (a re-run continues where this one stopped) ...");
    cancel.Cancel();
};

using var tokens = AccessTokenSource.ForIssuer(options.Tokens, TimeProvider.System, warning => Console.Error.WriteLine($"dev/seed: {warning}"));
try
{
    // The first token before anything else: a refused or unreachable issuer is one clear line, not 2000 failures.
    await tokens.StartAsync(cancel.Token);
}
catch (AccessTokenException e)
{
    Console.Error.WriteLine($"dev/seed: {e.Message}");
    return 1;
}

using var api = new ApiClient(options.BaseUrls, options.Concurrency, tokens, Console.Out);
try
{
    return await new DemoSeeder(options, api, Console.Out).RunAsync(cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    return 130;
}
