namespace Bss.Abstractions.Common;

/// <summary>
/// Who a change is made by: the signed-in user (the token's <c>preferred_username</c>, else <c>sub</c>) for work that
/// comes through the API, or a system process by name (<c>system:billing</c>) for work a reminder or a background run
/// starts. It travels in Orleans' <see cref="RequestContext"/>, so every grain a request reaches sees the same actor,
/// and the storage serializer stamps it on each state write, where the audit trigger reads it.
/// </summary>
public static class Actor
{
    /// <summary>The <see cref="RequestContext"/> key.</summary>
    public const string ContextKey = "bss.actor";

    /// <summary>The prefix of a system process's actor name.</summary>
    public const string SystemPrefix = "system:";

    /// <summary>The actor of the call being served, or null when nobody set one.</summary>
    public static string? Current => RequestContext.Get(ContextKey) as string;

    /// <summary>Makes <paramref name="actor"/> the actor of this call and of every grain call it makes from here on.</summary>
    public static void Set(string actor) => RequestContext.Set(ContextKey, actor);

    /// <summary>The actor name of a system process, e.g. <c>System("billing")</c> is <c>system:billing</c>.</summary>
    public static string System(string process) => SystemPrefix + process;
}
