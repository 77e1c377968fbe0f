using Akka.Actor;
using Akka.Event;

namespace Curio.Actors.Engine;

/// <summary>
/// The log of <c>Kernel.Run</c>'s ActorSystem on standard error, as Python's logging writes, so that log lines do not
/// mix with the program's own output (Akka's default logger writes to standard output).
/// </summary>
internal sealed class StderrLogger : ActorBase
{
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent e:
                Console.Error.WriteLine(e.ToString());
                return true;
            default:
                return false;
        }
    }
}
