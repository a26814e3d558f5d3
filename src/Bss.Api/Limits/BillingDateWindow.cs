using System.Globalization;
using Bss.Domain.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bss.Api.Limits;

/// <summary>
/// The dates a billing run, preview or cycle may be asked for: from <c>Limits:BillingDatePastDays</c> before today
/// to <c>Limits:BillingDateFutureDays</c> after it (today by the silo's clock). A run bills every period up to its
/// date in one invoice, so a far date would bill centuries at once; an operator billing ahead needs days, not years.
/// </summary>
public static class BillingDateWindow
{
    /// <summary>Adds an error under <paramref name="field"/> when <paramref name="date"/> lies outside the window.</summary>
    public static void Check(HttpContext http, DateOnly? date, string field, FieldErrors errors)
    {
        if (date is not { } value)
        {
            return;
        }

        var limits = http.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
        var today = DateOnly.FromDateTime(http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var earliest = today.AddDays(-Math.Min(limits.BillingDatePastDays, today.DayNumber));
        var latest = today.AddDays(Math.Min(limits.BillingDateFutureDays, DateOnly.MaxValue.DayNumber - today.DayNumber));
        if (value < earliest || value > latest)
        {
            errors.Add(field, string.Create(CultureInfo.InvariantCulture,
                $"must be from {earliest:yyyy-MM-dd} to {latest:yyyy-MM-dd} ({limits.BillingDatePastDays} days before today to {limits.BillingDateFutureDays} after)"));
        }
    }
}
