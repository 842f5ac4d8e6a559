using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace GatoLink.Cli.Output;

/// <summary>
/// Writes one command's results. Results go to standard output and diagnostics to standard error; machine output
/// (JSON, CSV, the secret line) is written to the raw writer so the console never wraps or styles it.
/// </summary>
public sealed class Renderer
{
    /// <summary>Starts every line that carries a secret, so people see it and scripts can find it.</summary>
    public const string SecretMarker = "SECRET (shown once, store it now):";

    private static readonly JsonWriterOptions PrettyJson = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly IAnsiConsole _out;
    private readonly IAnsiConsole _error;

    /// <summary>A renderer over the two consoles.</summary>
    public Renderer(IAnsiConsole output, IAnsiConsole error, OutputMode mode)
    {
        _out = output;
        _error = error;
        Mode = mode;
    }

    /// <summary>The chosen output mode.</summary>
    public OutputMode Mode { get; }

    /// <summary>True when the results are JSON for a program.</summary>
    public bool IsJson => Mode == OutputMode.Json;

    /// <summary>The standard-error console (progress, prompts).</summary>
    public IAnsiConsole ErrorConsole => _error;

    /// <summary>Whether the output console understands Unicode block characters.</summary>
    public bool Unicode => _out.Profile.Capabilities.Unicode;

    /// <summary>The silo's JSON, indented; field names and values exactly as it sent them. Nothing for an empty body.</summary>
    public void Json(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return;
        }

        using var document = JsonDocument.Parse(body);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, PrettyJson))
        {
            document.WriteTo(writer);
        }

        Raw(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n");
    }

    /// <summary>Text written byte for byte (CSV exports).</summary>
    public void Raw(string text)
    {
        var writer = _out.Profile.Out.Writer;
        writer.Write(text);
        writer.Flush();
    }

    /// <summary>A table, chart or other renderable.</summary>
    public void Write(IRenderable renderable) => _out.Write(renderable);

    /// <summary>A sentence for people (never in JSON mode).</summary>
    public void Line(string text)
    {
        if (!IsJson)
        {
            _out.Profile.Out.Writer.WriteLine(text);
        }
    }

    /// <summary>The one line a secret appears on, marked so it cannot be missed.</summary>
    public void Secret(string secret)
    {
        _out.Markup($"[bold yellow]{Markup.Escape(SecretMarker)}[/] ");
        _out.Profile.Out.Writer.WriteLine(secret);
        _out.Profile.Out.Writer.Flush();
    }

    /// <summary>A warning on standard error.</summary>
    public void Warn(string message) => Diagnostic("yellow", "warning", message);

    /// <summary>An error on standard error: one line.</summary>
    public void Fail(string message) => Diagnostic("red", "error", message);

    private void Diagnostic(string colour, string label, string message)
    {
        _error.Markup($"[{colour}]{label}:[/] ");
        _error.Profile.Out.Writer.WriteLine(message.ReplaceLineEndings(" "));
        _error.Profile.Out.Writer.Flush();
    }
}
