using System.Reflection;
using System.Text.Json;

namespace Curio.Actors.Worker;

/// <summary>Runs one request: resolves the method, deserialises the arguments with their declared types, calls it.</summary>
internal static class WorkerHost
{
    internal static byte[] Hello(int pid) =>
        JsonSerializer.SerializeToUtf8Bytes(new WorkerResponse { Hello = pid, Ok = true }, WorkerJson.Options);

    internal static byte[] Handle(byte[] frame)
    {
        WorkerResponse response;
        try
        {
            var request = JsonSerializer.Deserialize<WorkerRequest>(frame, WorkerJson.Options)
                ?? throw new InvalidDataException("Empty worker request.");
            var method = MethodResolver.Resolve(request);
            var parameters = method.GetParameters();
            if (parameters.Length != request.Args.Length)
                throw new ArgumentException($"{method.Name} takes {parameters.Length} arguments; {request.Args.Length} were sent.");
            var args = new object?[parameters.Length];
            for (var i = 0; i < args.Length; i++)
                args[i] = request.Args[i].Deserialize(parameters[i].ParameterType, WorkerJson.Options);
            var (value, type) = Invoke(method, args);
            response = new WorkerResponse
            {
                Ok = true,
                Result = type == typeof(void) ? null : JsonSerializer.SerializeToElement(value, type, WorkerJson.Options),
            };
        }
        catch (Exception e)
        {
            response = new WorkerResponse { Ok = false, ErrorType = e.GetType().FullName, ErrorMessage = e.Message, ErrorDetail = e.ToString() };
        }
        return JsonSerializer.SerializeToUtf8Bytes(response, WorkerJson.Options);
    }

    private static (object? Value, Type Type) Invoke(MethodInfo method, object?[] args)
    {
        object? value;
        try { value = method.Invoke(null, args); }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
        var type = method.ReturnType;
        if (value is Task task)
        {
            // An async static method: run it to completion here and send what it produced.
            task.GetAwaiter().GetResult();
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
                return (type.GetProperty("Result")!.GetValue(task), type.GetGenericArguments()[0]);
            return (null, typeof(void));
        }
        return (value, type);
    }
}
