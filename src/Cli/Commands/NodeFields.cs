using System.CommandLine;
using System.Text.Json.Nodes;
using GatoLink.Cli.Config;
using GatoLink.Cli.Hosting;

namespace GatoLink.Cli.Commands;

/// <summary>The registration fields shared by add and update.</summary>
internal sealed class NodeFields
{
    private static readonly string[] Engines = ["vllm", "ollama", "tgi", "llamacpp", "openai", "anthropic"];

    private readonly Option<string?> _baseUrl;
    private readonly Option<string?> _engine = new("--engine") { Description = "vllm (default), ollama, tgi, llamacpp, openai or anthropic.", HelpName = "engine" };
    private readonly Option<string[]> _models = new("--model") { Description = "A model the node serves (repeatable).", HelpName = "model" };
    private readonly Option<bool> _discover = new("--discover-models") { Description = "Forget the listed models and ask the node which it serves." };
    private readonly Option<double?> _vram = new("--vram-gb") { Description = "GPU memory in GB." };
    private readonly Option<string[]> _labels = new("--label") { Description = "A label key=value (repeatable; on update, the labels given replace all).", HelpName = "key=value" };
    private readonly Option<bool?> _external = new("--external") { Description = "An external provider (true) or an own server (false): a provider is used only as overflow or fallback." };
    private readonly Option<string?> _apiKeyEnv = new("--api-key-env") { Description = "The name of an environment variable holding the node's API key (kept out of the command line; stored encrypted).", HelpName = "variable" };
    private readonly Option<bool> _removeApiKey = new("--remove-api-key") { Description = "Forget the node's API key." };
    private readonly Option<string[]> _nativeApis = new("--native-api") { Description = "A client API the node serves itself, passed through to it natively: responses (repeatable; replaces all; 'none' clears).", HelpName = "api" };
    private readonly Option<string[]> _prices = new("--price") { Description = "What the provider charges for a model, USD per million tokens (repeatable; replaces all).", HelpName = "model=input/output" };
    private readonly bool _forAdd;

    /// <summary>The fields; <paramref name="baseUrlRequired"/> for add, where the URL is what registers the node.</summary>
    public NodeFields(bool baseUrlRequired)
    {
        _forAdd = baseUrlRequired;
        _baseUrl = new Option<string?>("--base-url") { Description = "The engine's root URL, e.g. http://10.0.0.13:8000.", Required = baseUrlRequired, HelpName = "url" };
        _baseUrl.Validators.Add(r =>
        {
            if (Validation.ValueOrDefault(r, _baseUrl) is { } text && Connection.ParseUrl(text) is null)
            {
                r.AddError($"--base-url '{text}' is not an http(s) URL.");
            }
        });
        _engine.AcceptOnlyFromAmong(Engines);
        _vram.Validators.Add(r =>
        {
            if (Validation.ValueOrDefault(r, _vram) is < 0)
            {
                r.AddError("--vram-gb cannot be negative.");
            }
        });
        _prices.Validators.Add(r =>
        {
            foreach (var price in Validation.ValueOrDefault(r, _prices) ?? [])
            {
                if (ProviderPrices.Parse(price) is null)
                {
                    r.AddError($"--price '{price}' is not model=input/output (USD per million tokens, e.g. gpt-4o=2.5/10).");
                }
            }
        });
        _labels.Validators.Add(r =>
        {
            foreach (var label in Validation.ValueOrDefault(r, _labels) ?? [])
            {
                if (label.IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    r.AddError($"--label '{label}' is not key=value.");
                }
            }
        });
    }

    /// <summary>Adds the options (and, on update, <c>--discover-models</c>).</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_baseUrl);
        command.Options.Add(_engine);
        command.Options.Add(_models);
        if (!_forAdd)
        {
            command.Options.Add(_discover);
            command.Options.Add(_removeApiKey);
            command.Validators.Add(r =>
            {
                if (Validation.ValueOrDefault(r, _discover) && Validation.ValueOrDefault(r, _models) is { Length: > 0 })
                {
                    r.AddError("--discover-models and --model contradict each other.");
                }
            });
        }


        command.Options.Add(_vram);
        command.Options.Add(_labels);
        command.Options.Add(_external);
        command.Options.Add(_apiKeyEnv);
        command.Options.Add(_prices);
        command.Options.Add(_nativeApis);
    }

    /// <summary>Writes the fields given into the request body.</summary>
    public void Write(CommandCall call, JsonObject body)
    {
        if (call.Value(_baseUrl) is { } url)
        {
            body["base_url"] = url;
        }

        if (call.Value(_engine) is { } engine)
        {
            body["engine"] = engine;
        }

        if (call.Value(_models) is { Length: > 0 } models)
        {
            body["models"] = new JsonArray([.. models.Select(m => JsonValue.Create(m))]);
        }
        else if (!_forAdd && call.Value(_discover))
        {
            body["models"] = new JsonArray();
        }

        if (call.Value(_vram) is { } vram)
        {
            body["vram_gb"] = vram;
        }

        if (call.Value(_external) is { } external)
        {
            body["external"] = external;
        }

        if (call.Value(_apiKeyEnv) is { } variable)
        {
            body["api_key"] = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } key
                ? key
                : throw new UsageException($"--api-key-env: the environment variable {variable} is not set.");
        }
        else if (!_forAdd && call.Value(_removeApiKey))
        {
            body["api_key"] = "";
        }

        if (call.Value(_prices) is { Length: > 0 } prices)
        {
            body["prices"] = new JsonArray([.. prices.Select(p => ProviderPrices.Parse(p)!)]);
        }

        if (call.Value(_nativeApis) is { Length: > 0 } apis)
        {
            body["native_apis"] = new JsonArray([.. apis.Where(a => a != "none").Select(a => JsonValue.Create(a))]);
        }

        if (call.Value(_labels) is { Length: > 0 } labels)
        {
            var map = new JsonObject();
            foreach (var label in labels)
            {
                var at = label.IndexOf('=', StringComparison.Ordinal);
                map[label[..at]] = label[(at + 1)..];
            }

            body["labels"] = map;
        }
    }
}
