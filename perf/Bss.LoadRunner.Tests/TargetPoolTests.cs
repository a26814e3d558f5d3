using System.Net;
using System.Net.Sockets;
using Bss.LoadRunner.Execution;

namespace Bss.LoadRunner.Tests;

public class TargetPoolTests
{
    private static TargetPool Three() =>
        new([new Uri("http://127.0.0.1:8080"), new Uri("http://127.0.0.1:8081"), new Uri("http://127.0.0.1:8082")]);

    private static List<int> Picks(TargetPool pool, int count) => Enumerable.Range(0, count).Select(_ => pool.Next()).ToList();

    [Fact]
    public void Next_AllReady_GoesRoundRobinOverEveryTarget()
    {
        var picks = Picks(Three(), 30);

        Assert.Equal([10, 10, 10], picks.GroupBy(p => p).OrderBy(g => g.Key).Select(g => g.Count()));
    }

    [Fact]
    public void Next_OneTargetNotReady_SendsItNothingAndSharesItsLoadAmongTheOthers()
    {
        var pool = Three();
        pool.SetReady(1, false);

        var picks = Picks(pool, 30);

        Assert.DoesNotContain(1, picks);
        Assert.Equal([0, 2], picks.Distinct().Order());
    }

    [Fact]
    public void Next_NoTargetReady_StillSendsRoundRobinSoTheOutageShowsAsErrors()
    {
        var pool = Three();
        for (var i = 0; i < pool.Count; i++)
        {
            pool.SetReady(i, false);
        }

        Assert.Equal([0, 1, 2], Picks(pool, 30).Distinct().Order());
    }

    [Fact]
    public void NextOther_ReturnsAReadyTargetOtherThanTheFailedOne_OrNullWhenThereIsNone()
    {
        var pool = Three();
        pool.MarkGone(0);

        var others = Enumerable.Range(0, 10).Select(_ => pool.NextOther(0)).ToList();
        pool.MarkGone(2);
        var onlyOne = pool.NextOther(1);

        Assert.All(others, o => Assert.True(o is 1 or 2));
        Assert.Null(onlyOne);
    }

    [Fact]
    public void SetReady_CountsEachReadyToNotReadyTransitionOnce_AndAProbeBringsTheTargetBack()
    {
        var pool = Three();

        pool.MarkGone(2);
        pool.SetReady(2, false);
        var back = pool.SetReady(2, true);
        pool.SetReady(2, false);

        Assert.True(back);
        Assert.False(pool.IsReady(2));
        Assert.Equal(2, pool.NotReadyPeriods()["http://127.0.0.1:8082"]);
        Assert.Equal(0, pool.NotReadyPeriods()["http://127.0.0.1:8080"]);
    }

    public static TheoryData<Exception> Unanswered() => new()
    {
        new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:8081)", new SocketException((int)SocketError.ConnectionRefused)),
        new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."),
        new HttpRequestException(HttpRequestError.Unknown, "Error while sending",
            new IOException("Unable to read data from the transport connection", new SocketException((int)SocketError.ConnectionReset))),
    };

    [Theory]
    [MemberData(nameof(Unanswered))]
    public void IsUnanswered_RefusedOrCutBeforeAnyAnswer_IsTrue(Exception failure)
    {
        Assert.True(TargetPool.IsUnanswered(failure));
    }

    public static TheoryData<Exception> Answered() => new()
    {
        new TaskCanceledException("timed out", new TimeoutException()),
        new HttpRequestException(HttpRequestError.InvalidResponse, "The server returned an invalid or unrecognized response."),
        new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known"),
        new InvalidOperationException("a template named no record", new SocketException((int)SocketError.ConnectionReset)),
    };

    [Theory]
    [MemberData(nameof(Answered))]
    public void IsUnanswered_TimeoutsAndOtherFailures_AreNotResent(Exception failure)
    {
        Assert.False(TargetPool.IsUnanswered(failure));
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, true)]
    [InlineData(HttpStatusCode.NotFound, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, false)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(null, false)]
    public void IsReadyStatus_OnlyOkOrNoHealthEndpointIsReady(HttpStatusCode? status, bool ready)
    {
        Assert.Equal(ready, TargetPool.IsReadyStatus(status));
    }
}
