using System.Text.Json;

namespace Curio.Actors.Worker;

/// <summary>
/// A call: the static method (assembly path, declaring type, name, parameter types) and its arguments, each
/// serialised with its declared parameter type. Type names only select a method; values never carry types.
/// </summary>
internal sealed class WorkerRequest
{
    public string Assembly { get; set; } = "";
    public string Type { get; set; } = "";
    public string Method { get; set; } = "";
    public string[] Parameters { get; set; } = [];
    public JsonElement[] Args { get; set; } = [];
}

/// <summary>The worker's answer: a result serialised with the method's return type, or the exception it raised.</summary>
internal sealed class WorkerResponse
{
    /// <summary>Set only on the greeting a worker sends once it is up: its process id.</summary>
    public int? Hello { get; set; }
    public bool Ok { get; set; }
    public JsonElement? Result { get; set; }
    public string? ErrorType { get; set; }
    public string? ErrorMessage { get; set; }
    /// <summary>The worker-side exception as text: type, message, stack trace and inner exceptions.</summary>
    public string? ErrorDetail { get; set; }
}

/// <summary>The serializer settings both ends use (fields included, so tuples and plain structs travel).</summary>
internal static class WorkerJson
{
    internal static readonly JsonSerializerOptions Options = new() { IncludeFields = true };
}
