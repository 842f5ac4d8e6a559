using OpenAI.Chat;

namespace GatoLink.Integration.Tests.ChatApi;

/// <summary>The function tools and schemas the chat API tests send.</summary>
internal static class ChatTools
{
    public const string WeatherSchema =
        """{"type":"object","properties":{"city":{"type":"string","minLength":2,"maxLength":20},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city","unit"]}""";

    public const string TimeSchema = """{"type":"object","properties":{"zone":{"type":"string","maxLength":16}},"required":["zone"]}""";

    public const string PersonSchema =
        """{"type":"object","properties":{"name":{"type":"string","maxLength":16},"age":{"type":"integer","minimum":0,"maximum":120},"tags":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":3}},"required":["name","age","tags"]}""";

    public static ChatTool Weather { get; } = ChatTool.CreateFunctionTool("get_weather", "Weather in a city", BinaryData.FromString(WeatherSchema));

    public static ChatTool Time { get; } = ChatTool.CreateFunctionTool("get_time", "Time in a zone", BinaryData.FromString(TimeSchema));

    /// <summary>Options offering both tools with a tool choice.</summary>
    public static ChatCompletionOptions With(ChatToolChoice choice, int? maxTokens = null)
    {
        var options = new ChatCompletionOptions { ToolChoice = choice, MaxOutputTokenCount = maxTokens };
        options.Tools.Add(Weather);
        options.Tools.Add(Time);
        return options;
    }
}
