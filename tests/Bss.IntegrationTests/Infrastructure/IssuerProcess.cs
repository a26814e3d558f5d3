using System.Diagnostics;
using System.Text;
using Duende.IdentityModel.Client;

namespace Bss.IntegrationTests.Infrastructure;

/// <summary>
/// A private instance of the native issuer (dev/Bss.Identity, the same build dev/services runs) on its own port and
/// key folder, for tests that stop, restart or re-key the issuer without touching the one every other test uses.
/// </summary>
public sealed class IssuerProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    public IssuerProcess()
    {
        Port = TestEnvironment.FreePort();
        KeysDirectory = Directory.CreateTempSubdirectory("bss-issuer-keys-").FullName;
    }

    public int Port { get; }

    public string Issuer => $"http://127.0.0.1:{Port}/realms/bss";

    public string KeysDirectory { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [ToolProcess.Assembly(Path.Combine("dev", "Bss.Identity"), "Bss.Identity")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}";
        start.Environment["Identity__Issuer"] = Issuer;
        start.Environment["Identity__RealmFile"] = Path.Combine(TestEnvironment.RepositoryRoot, "dev", "identity", "realm-bss.json");
        start.Environment["Identity__KeysDirectory"] = KeysDirectory;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The issuer exited with {process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync($"{Issuer}/.well-known/openid-configuration");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The issuer did not answer on {Issuer}:\n{Log}");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>A user's token from this issuer (password = user name), by the password grant.</summary>
    public async Task<string> TokenAsync(string user)
    {
        using var http = new HttpClient();
        var response = await http.RequestPasswordTokenAsync(new PasswordTokenRequest
        {
            Address = $"{Issuer}/protocol/openid-connect/token",
            ClientId = Identity.ClientId,
            ClientSecret = Identity.ClientSecret,
            UserName = user,
            Password = user,
        });
        return response.AccessToken ?? throw new InvalidOperationException($"No token from {Issuer}: {response.Error} {response.ErrorDescription}");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(KeysDirectory, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
