using System.Text;

namespace GatoLink.Integration.Tests.Cli;

/// <summary>
/// A text writer another task can wait on: what a running command has written so far, and a signal on each write, so a
/// test reacts to a line as soon as it is printed (the device code) instead of after the command ends.
/// </summary>
public sealed class WatchedWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Everything written so far.</summary>
    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }
    }

    /// <inheritdoc />
    public override void Write(char value) => Append(value.ToString());

    /// <inheritdoc />
    public override void Write(string? value) => Append(value);

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Append(new string(buffer, index, count));

    /// <summary>Waits until the text matches <paramref name="found"/> (non-null) or <paramref name="stopped"/> ends first.</summary>
    public async Task<T> WaitForAsync<T>(Func<string, T?> found, Task stopped, TimeSpan patience)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(found);
        using var deadline = new CancellationTokenSource(patience);
        while (true)
        {
            Task written;
            lock (_lock)
            {
                if (found(_text.ToString()) is { } result)
                {
                    return result;
                }

                written = _written.Task;
            }

            Assert.False(stopped.IsCompleted, "the command ended before printing what was awaited:\n" + Text);
            await Task.WhenAny(written, stopped).WaitAsync(deadline.Token);
        }
    }

    private void Append(string? value)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            _text.Append(value);
            signal = _written;
            _written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }
}
