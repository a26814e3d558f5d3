using System.Net;

namespace Bss.LoadRunner.Tests;

/// <summary>The accept loop of the tests' small HTTP servers.</summary>
internal static class Listening
{
    /// <summary>The next request, or null once the listener has been stopped.</summary>
    public static async Task<HttpListenerContext?> NextAsync(HttpListener listener)
    {
        try
        {
            return await listener.GetContextAsync();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
            return null;
        }
    }
}
