using System.ComponentModel;
using System.Diagnostics;

namespace Curio.Actors;

/// <summary>
/// Curio's subprocess module: <see cref="Curio.Actors.Popen"/> starts a child whose piped stdin, stdout and stderr are async
/// streams; <see cref="Run"/> and <see cref="CheckOutput"/> run a command to completion. Arguments are a list
/// (no shell) unless <c>shell: true</c>, where <c>args[0]</c> is a <c>/bin/sh -c</c> command line and the rest are
/// its positional parameters. <see cref="Stdio.DevNull"/> and <see cref="Stdio.Stdout"/> (stderr into stdout) are
/// done by the shell's own redirections, so they are exact, and need a Unix <c>/bin/sh</c>.
/// </summary>
public static class Subprocess
{
    /// <summary>How long <see cref="Run"/> keeps reading a killed child's pipes for its last output.</summary>
    private static readonly TimeSpan s_drainLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Starts a child process (Curio's <c>Popen(args, stdin=PIPE, ...)</c>). Never blocks and is not a cancellation
    /// point. <paramref name="env"/>, when given, replaces the whole environment, as in Python.
    /// </summary>
    public static Popen Popen(IReadOnlyList<string> args, Stdio stdin = Stdio.Inherit, Stdio stdout = Stdio.Inherit,
        Stdio stderr = Stdio.Inherit, string? cwd = null, IReadOnlyDictionary<string, string>? env = null, bool shell = false) =>
        Start(args, stdin, null, stdout, stderr, cwd, env, shell);

    /// <summary>
    /// Starts a child whose standard input is <paramref name="stdin"/>, another child's <see cref="Popen.Stdout"/> or
    /// <see cref="Popen.Stderr"/> (a pipeline, as Curio's <c>Popen(args, stdin=p1.stdout)</c>): the new child reads that
    /// pipe itself, and this process stops reading it (it is handed over; reading it raises). Refused with
    /// <see cref="IOException"/> while the stream holds data already read from the pipe (it would be lost). Unix only.
    /// </summary>
    public static Popen Popen(IReadOnlyList<string> args, SubprocessStream stdin, Stdio stdout = Stdio.Inherit,
        Stdio stderr = Stdio.Inherit, string? cwd = null, IReadOnlyDictionary<string, string>? env = null, bool shell = false)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("A pipeline (stdin: another child's stream) needs a Unix /bin/sh.");
        var fd = stdin.HandOver();
        try
        {
            // The child opens our end of the pipe through /proc (.NET gives children no other descriptors); we keep it
            // open until the child has exited, so it can never be gone before the child opened it.
            var p = Start(args, Stdio.Inherit, $"/proc/{Environment.ProcessId}/fd/{fd}", stdout, stderr, cwd, env, shell);
            p.Exited.ContinueWith(_ => stdin.ReleaseHandedOver(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return p;
        }
        catch
        {
            stdin.ReleaseHandedOver();
            throw;
        }
    }

    private static Popen Start(IReadOnlyList<string> args, Stdio stdin, string? stdinPath, Stdio stdout, Stdio stderr,
        string? cwd, IReadOnlyDictionary<string, string>? env, bool shell)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0) throw new ArgumentException("No command: args is empty.", nameof(args));
        if (stdin == Stdio.Stdout || stdout == Stdio.Stdout) throw new ArgumentException("Stdio.Stdout is only meaningful for stderr.");
        var argv = shell ? new List<string> { "/bin/sh", "-c" }.Concat(args).ToList() : args.ToList();
        var redirections = new List<string>();
        if (stdin == Stdio.DevNull) redirections.Add("</dev/null");
        if (stdinPath is not null) redirections.Add("<" + stdinPath);
        if (stdout == Stdio.DevNull) redirections.Add(">/dev/null");
        if (stderr == Stdio.DevNull) redirections.Add("2>/dev/null");
        if (stderr == Stdio.Stdout) redirections.Add("2>&1");
        if (redirections.Count > 0)
        {
            if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Stdio.DevNull and Stdio.Stdout need a Unix /bin/sh.");
            argv = new List<string> { "/bin/sh", "-c", "exec \"$@\" " + string.Join(' ', redirections), "sh" }.Concat(argv).ToList();
        }
        var psi = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = stdin == Stdio.Pipe,
            RedirectStandardOutput = stdout == Stdio.Pipe,
            RedirectStandardError = stderr == Stdio.Pipe,
        };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        if (cwd is not null) psi.WorkingDirectory = cwd;
        if (env is not null)
        {
            psi.Environment.Clear();
            foreach (var (k, v) in env) psi.Environment[k] = v;
        }
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {args[0]}.");
        }
        catch (Win32Exception e)
        {
            throw new FileNotFoundException($"Could not start '{args[0]}': {e.Message}", args[0], e);
        }
        return new Popen(process, args.ToArray(), psi.RedirectStandardInput, psi.RedirectStandardOutput, psi.RedirectStandardError);
    }

    /// <summary>
    /// Runs a command to completion (Curio's <c>run</c>): writes <paramref name="input"/> to its stdin (a pipe when
    /// input is given, else inherited), collects piped output, and returns a <see cref="CompletedProcess"/>. With
    /// <paramref name="check"/>, a non-zero exit raises <see cref="CalledProcessError"/>. A cancel or timeout kills
    /// the child and its children (off the kernel's strand: finding them reads all of /proc), collects the rest of its output, puts all of it on the exception's
    /// <see cref="CancelledError.Stdout"/> and <see cref="CancelledError.Stderr"/>, and re-raises; any other error
    /// also kills the child. Unlike Curio's code, the output read before the cancel is kept too.
    /// </summary>
    public static async Task<CompletedProcess> Run(IReadOnlyList<string> args, byte[]? input = null, Stdio stdout = Stdio.Inherit,
        Stdio stderr = Stdio.Inherit, bool check = false, string? cwd = null, IReadOnlyDictionary<string, string>? env = null, bool shell = false)
    {
        CurioTask.Require(nameof(Run));
        var p = Popen(args, input is null ? Stdio.Inherit : Stdio.Pipe, stdout, stderr, cwd, env, shell);
        try
        {
            var (output, errors) = await p.CommunicateAsync(input);
            var code = p.ReturnCode ?? await p.WaitAsync();
            if (check && code != 0) throw new CalledProcessError(code, p.Args, output, errors);
            return new CompletedProcess(p.Args, code, output, errors);
        }
        catch (CancelledError e)
        {
            await p.KillTreeAsync();
            var (restOut, restErr) = await p.DrainAsync(s_drainLimit);
            e.Stdout = Concat(e.Stdout, restOut);
            e.Stderr = Concat(e.Stderr, restErr);
            throw;
        }
        catch (Exception e) when (e is not CalledProcessError)
        {
            await p.KillTreeAsync();
            await p.DrainAsync(s_drainLimit);
            throw;
        }
        finally
        {
            p.Release(); // the child has exited or was killed: no wait, never a cancellation point
        }
    }

    /// <summary>
    /// Runs a command and returns its standard output (Curio's <c>check_output</c>); a non-zero exit raises
    /// <see cref="CalledProcessError"/> with the exit code and the output. Cancellation and timeouts behave as in
    /// <see cref="Run"/>.
    /// </summary>
    public static async Task<byte[]> CheckOutput(IReadOnlyList<string> args, byte[]? input = null, Stdio stderr = Stdio.Inherit,
        string? cwd = null, IReadOnlyDictionary<string, string>? env = null, bool shell = false) =>
        (await Run(args, input, Stdio.Pipe, stderr, check: true, cwd, env, shell)).Stdout;

    private static byte[] Concat(byte[]? first, byte[] rest) =>
        first is null or { Length: 0 } ? rest : rest.Length == 0 ? first : [.. first, .. rest];


}
