using Bss.Seeder;

if (args is ["-h"] or ["--help"])
{
    Console.WriteLine(SeedOptions.Usage);
    return 0;
}

SeedOptions options;
try
{
    options = SeedOptions.Parse(args);
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

using var api = new ApiClient(options.BaseUrls, options.Concurrency, Console.Out);
try
{
    return await new DemoSeeder(options, api, Console.Out).RunAsync(cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    return 130;
}
