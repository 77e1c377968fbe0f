namespace Curio.Actors.Analyzers;

/// <summary>What a blocking call is, and what to do instead.</summary>
internal static class BlockingCalls
{
    /// <summary>How the code fix can replace a blocking call.</summary>
    public enum Fix
    {
        None,
        Sleep,          // Thread.Sleep(x) -> await Sleep(x)
        Await,          // t.Wait() / t.Result / t.GetAwaiter().GetResult() -> await t
        AsyncTwin,      // q.Get() -> await q.GetAsync()
        RunInThread,    // File.ReadAllText(p) -> await RunInThread(() => File.ReadAllText(p))
    }

    /// <summary>The advice for a blocking method, or null if the method does not block.</summary>
    public static (string Advice, Fix Fix)? Classify(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null) return null;
        var typeName = type.OriginalDefinition.ToDisplayString();
        var name = method.Name;
        switch (typeName)
        {
            case "System.Threading.Thread" when name == "Sleep":
                return ("await Sleep(...) instead", Fix.Sleep);
            case "System.Threading.Thread" when name == "Join":
                return ("await RunInThread(...) for the thread's work instead", Fix.RunInThread);
            case "System.Threading.Tasks.Task" when name is "Wait" or "WaitAll" or "WaitAny":
            case "System.Threading.Tasks.Task<TResult>" when name == "Wait":
                return ("await the task instead", name == "Wait" && method.Parameters.Length == 0 ? Fix.Await : Fix.RunInThread);
            case "System.Runtime.CompilerServices.TaskAwaiter" or "System.Runtime.CompilerServices.TaskAwaiter<TResult>"
                or "System.Runtime.CompilerServices.ValueTaskAwaiter" or "System.Runtime.CompilerServices.ValueTaskAwaiter<TResult>"
                when name == "GetResult":
                return ("await the task instead", Fix.Await);
            case "System.Threading.SemaphoreSlim" or "System.Threading.ManualResetEventSlim" or "System.Threading.CountdownEvent"
                when name == "Wait":
            case "System.Threading.WaitHandle" when name is "WaitOne" or "WaitAll" or "WaitAny":
            case "System.Threading.Monitor" when name is "Enter" or "Wait":
            case "System.Threading.Barrier" when name == "SignalAndWait":
            case "System.Diagnostics.Process" when name == "WaitForExit":
                return ("await Abide(...) for a thread lock, a Curio lock or event, or RunInThread", Fix.RunInThread);
            case "Curio.Actors.UniversalQueue<T>" when name is "Get" or "Put" or "Join":
            case "Curio.Actors.UniversalEvent" when name == "Wait":
            case "Curio.Actors.UniversalResult<T>" when name == "Unwrap":
                return ($"await {name}Async(...) instead (the blocking form is for threads)", Fix.AsyncTwin);
            case "System.Net.Sockets.Socket" when name is "Accept" or "Connect" or "Receive" or "ReceiveFrom" or "ReceiveMessageFrom"
                or "Send" or "SendTo" or "SendFile" or "Disconnect":
            case "System.Net.Sockets.TcpClient" when name == "Connect":
            case "System.Net.Sockets.TcpListener" when name is "AcceptSocket" or "AcceptTcpClient":
            case "System.Net.Sockets.UdpClient" when name is "Receive" or "Send":
                return ("use Curio.Actors.Net's sockets (Network.OpenConnection, TcpServer, UdpSocket) or RunInThread", Fix.RunInThread);
            case "System.IO.File" when name is "ReadAllText" or "ReadAllBytes" or "ReadAllLines" or "WriteAllText" or "WriteAllBytes"
                or "WriteAllLines" or "AppendAllText" or "AppendAllLines":
                return ($"await File.{name}Async(...) or RunInThread(...) instead", Fix.RunInThread);
            case "System.Console" when name is "ReadLine" or "Read" or "ReadKey":
                return ("read the console with RunInThread(...)", Fix.RunInThread);
        }
        if (IsOrDerives(type, "System.IO.Stream") && name is "Read" or "Write" or "ReadByte" or "WriteByte" or "CopyTo" or "Flush" or "ReadExactly" or "ReadAtLeast")
            return ($"await {name}Async(...) or RunInThread(...) instead", Fix.RunInThread);
        if (IsOrDerives(type, "System.IO.TextReader") && name is "ReadLine" or "ReadToEnd" or "Read" or "ReadBlock")
            return ($"await {name}Async(...) or RunInThread(...) instead", Fix.RunInThread);
        return null;
    }

    /// <summary>True for Task&lt;T&gt;.Result and ValueTask&lt;T&gt;.Result.</summary>
    public static bool IsTaskResult(IPropertySymbol property) =>
        property.Name == "Result" && property.ContainingType?.OriginalDefinition.ToDisplayString()
            is "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask<TResult>";

    private static bool IsOrDerives(INamedTypeSymbol? type, string name)
    {
        for (; type is not null; type = type.BaseType)
            if (type.ToDisplayString() == name) return true;
        return false;
    }
}
