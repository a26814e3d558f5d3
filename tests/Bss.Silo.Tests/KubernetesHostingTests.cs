using Microsoft.Extensions.Configuration;

namespace Bss.Silo.Tests;

public class KubernetesHostingTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void IsEnabled_OutsideAPod_IsOff()
    {
        Assert.False(KubernetesHosting.IsEnabled(Settings()));
    }

    [Fact]
    public void IsEnabled_InAPod_IsOnBecauseKubernetesSetsTheServiceHost()
    {
        Assert.True(KubernetesHosting.IsEnabled(Settings(("KUBERNETES_SERVICE_HOST", "10.96.0.1"))));
    }

    [Theory]
    [InlineData("false", "10.96.0.1", false)]
    [InlineData("true", "", true)]
    public void IsEnabled_TheSetting_WinsOverThePodCheck(string setting, string serviceHost, bool enabled)
    {
        var settings = Settings((KubernetesHosting.Setting, setting), ("KUBERNETES_SERVICE_HOST", serviceHost));

        Assert.Equal(enabled, KubernetesHosting.IsEnabled(settings));
    }
}
