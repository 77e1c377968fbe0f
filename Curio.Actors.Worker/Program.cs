using System.Runtime.InteropServices;
using Curio.Actors.Worker;

// A RunInProcess worker: answers framed requests on stdin with framed responses on stdout until stdin closes, and
// dies with its parent (ParentWatch). Console output of the user's code goes to stderr, never into frames.
ParentWatch.Start(args);
var input = Console.OpenStandardInput();
var output = Console.OpenStandardOutput();
Console.SetOut(Console.Error);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true); // Curio's workers ignore Ctrl-C
WorkerFrames.Write(output, WorkerHost.Hello(Environment.ProcessId));
while (WorkerFrames.Read(input) is { } frame)
    WorkerFrames.Write(output, WorkerHost.Handle(frame));
return 0;
