using Bss.Abstractions.Common;

namespace Bss.Grains.Audit;

/// <summary>
/// Names the system process behind a reminder tick: a reminder arrives with no actor, and every state it changes —
/// on its own grain and on every grain it calls, since <see cref="RequestContext"/> travels with the calls — is
/// attributed to the process (see <see cref="SystemProcesses"/>).
/// </summary>
public sealed class ReminderActorFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Request.GetInterfaceType() == typeof(IRemindable) && Actor.Current is null &&
            context.Request.GetArgumentCount() > 0 && context.Request.GetArgument(0) is string reminderName)
        {
            Actor.Set(SystemProcesses.OfReminder(reminderName));
        }

        return context.Invoke();
    }
}
