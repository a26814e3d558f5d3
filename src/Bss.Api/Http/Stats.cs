using Bss.Domain.Common;

namespace Bss.Api.Http;

public static class Stats
{
    /// <summary>Every status of the enum appears, with 0 where there are none, so dashboards need no special case.</summary>
    public static StatusStats ByStatus<TStatus>(IReadOnlyDictionary<string, long> counts) where TStatus : struct, Enum
    {
        var byStatus = Enum.GetValues<TStatus>().ToDictionary(s => EnumText.Code(s), s => counts.GetValueOrDefault(EnumText.Code(s)));
        return new StatusStats(byStatus.Values.Sum(), byStatus);
    }
}
