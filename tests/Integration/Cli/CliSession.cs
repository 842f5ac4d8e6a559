using GatoLink.Cli.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace GatoLink.Integration.Tests.Cli;

/// <summary>
/// gatolink-admin running in this process (as <see cref="CliRun.InProcessAsync"/> runs it) while the test watches its
/// output and moves its clock: for commands that wait on someone else, like <c>login --oidc</c>.
/// </summary>
public sealed class CliSession
{
    private CliSession(Task<int> exit, WatchedWriter stdout, WatchedWriter stderr)
    {
        Exit = exit;
        Stdout = stdout;
        Stderr = stderr;
    }

    /// <summary>The exit code, when it ends.</summary>
    public Task<int> Exit { get; }

    /// <summary>Standard output so far.</summary>
    public WatchedWriter Stdout { get; }

    /// <summary>Standard error so far (prompts and progress go there).</summary>
    public WatchedWriter Stderr { get; }

    /// <summary>Starts a command with <paramref name="environment"/> on <paramref name="time"/>.</summary>
    public static CliSession Start(string[] args, IReadOnlyDictionary<string, string?> environment, FakeTimeProvider time)
    {
        var stdout = new WatchedWriter();
        var stderr = new WatchedWriter();
        var context = new CliContext(
            ConsoleFactory.Create(stdout, isTerminal: false, noColor: false),
            ConsoleFactory.Create(stderr, isTerminal: false, noColor: false),
            new StringReader(""),
            InputIsTerminal: false,
            name => environment.TryGetValue(name, out var value) ? value : null) { Time = time };
        return new CliSession(Task.Run(() => CliApp.RunAsync(args, context)), stdout, stderr);
    }

    /// <summary>
    /// Moves <paramref name="time"/> on by <paramref name="step"/> until <paramref name="until"/> completes: the command
    /// may start its wait before or after a move, so the clock moves again until what the wait leads to has happened.
    /// </summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Task until, TimeSpan patience)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(until);
        using var deadline = new CancellationTokenSource(patience);
        while (!until.IsCompleted)
        {
            time.Advance(step);
            await Task.WhenAny(until, Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token));
            deadline.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Waits for the end and returns the run, as <see cref="CliRun"/> has it.</summary>
    public async Task<CliRun> EndAsync(TimeSpan patience) => new(await Exit.WaitAsync(patience), Stdout.Text, Stderr.Text);
}
