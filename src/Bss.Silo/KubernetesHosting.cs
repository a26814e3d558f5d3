namespace Bss.Silo;

/// <summary>
/// Whether the silo runs as a Kubernetes pod and should use Orleans' Kubernetes hosting: the silo takes the pod's
/// name and IP, and silos whose pod is gone are declared dead at once instead of after missed probes.
/// <c>Bss:Kubernetes:Hosting</c> (true/false) decides; unset, it is on exactly when Kubernetes says so by setting
/// <c>KUBERNETES_SERVICE_HOST</c> in every pod. Outside a pod it stays off: the package would look for the API server.
/// </summary>
public static class KubernetesHosting
{
    public const string Setting = "Bss:Kubernetes:Hosting";

    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool?>(Setting) ?? !string.IsNullOrEmpty(configuration["KUBERNETES_SERVICE_HOST"]);
}
