using System.Net;
using System.Net.Sockets;

namespace Bss.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder that can be cut: every open connection is dropped and new ones are refused until it
/// is restored. Put between a silo and PgBouncer, it makes "the database went away" happen on demand.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly int _targetPort;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _cut = new();
    private volatile bool _stalled;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        Port = TestEnvironment.FreePort();
        Restore();
    }

    public int Port { get; }

    public void Restore()
    {
        _stalled = false;
        _cut = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptLoopAsync(_listener, _cut.Token);
    }

    public void Cut()
    {
        _cut.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Close();
            }

            _open.Clear();
        }
    }

    /// <summary>
    /// A dependency that hangs rather than refuses: open connections are closed, new ones are accepted and never
    /// answered (until <see cref="Cut"/> or dispose).
    /// </summary>
    public void Stall()
    {
        Cut();
        _stalled = true;
        _cut = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptLoopAsync(_listener, _cut.Token);
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken cut)
    {
        while (!cut.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(cut);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_stalled)
            {
                lock (_open)
                {
                    _open.Add(inbound);
                }

                continue;
            }

            _ = PipeAsync(inbound, cut);
        }
    }

    private async Task PipeAsync(TcpClient inbound, CancellationToken cut)
    {
        var outbound = new TcpClient();
        lock (_open)
        {
            _open.Add(inbound);
            _open.Add(outbound);
        }

        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, cut);
            var a = inbound.GetStream().CopyToAsync(outbound.GetStream(), cut);
            var b = outbound.GetStream().CopyToAsync(inbound.GetStream(), cut);
            await Task.WhenAny(a, b);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            inbound.Close();
            outbound.Close();
        }
    }
}
