using Bss.LoadRunner;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C ends the run early but still prints the summary and deletes the data.
    e.Cancel = true;
    stop.Cancel();
};

return await LoadRunnerApp.RunAsync(args, Console.Out, stop.Token);
