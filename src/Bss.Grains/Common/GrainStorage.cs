namespace Bss.Grains.Common;

public static class GrainStorage
{
    /// <summary>The storage provider every entity grain persists to. Renaming it orphans stored state.</summary>
    public const string Name = "bss";
}
