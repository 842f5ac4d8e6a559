#pragma warning disable OPENAI001 // The SDK's Responses client is marked experimental; it is the client under test.
using System.ClientModel;
using System.Net;
using System.Text.Json;
using GatoLink.Integration.Tests.DataPlane;
using OpenAI.Responses;

namespace GatoLink.Integration.Tests.Responses;

/// <summary>
/// <c>GET /v1/responses/{id}/input_items</c>: the conversation a stored response answered, in OpenAI's list shape,
/// paged by <c>after</c>, <c>limit</c> and <c>order</c>, through the SDK and on the wire; another tenant's id is a 404.
/// </summary>
public sealed class ResponseInputItemsTests(DataPlaneFixture fx) : IClassFixture<DataPlaneFixture>
{
    [Fact]
    public async Task TheSdkListsTheInputItemsOfAContinuedResponseNewestFirst()
    {
        var client = ResponsesSdkTests.Client(fx.Silo, fx.UserKey);
        ResponseResult first = await client.CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("My name is Ada")]) { MaxOutputTokenCount = 3 });
        ResponseResult second = await client.CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("What is my name?")]) { PreviousResponseId = first.Id, MaxOutputTokenCount = 3 });

        var items = new List<ResponseItem>();
        await foreach (var item in client.GetResponseInputItemsAsync(second.Id))
        {
            items.Add(item);
        }

        var messages = items.Cast<MessageResponseItem>().ToList();
        Assert.Equal(3, messages.Count);
        Assert.Equal("What is my name?", messages[0].Content.Single().Text);
        Assert.Equal(first.GetOutputText(), messages[1].Content.Single().Text);
        Assert.Equal(first.OutputItems.Single().Id, messages[1].Id);
        Assert.Equal("My name is Ada", messages[2].Content.Single().Text);
        Assert.Equal(3, items.Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public async Task PagesFollowAfterLimitAndOrderInOpenAisListShape()
    {
        var client = ResponsesSdkTests.Client(fx.Silo, fx.UserKey);
        ResponseResult response = await client.CreateResponseAsync(new CreateResponseOptions("demo-8b",
            [ResponseItem.CreateUserMessageItem("one"), ResponseItem.CreateAssistantMessageItem("two"), ResponseItem.CreateUserMessageItem("three")])
        { MaxOutputTokenCount = 2 });
        using var http = fx.Silo.Http(fx.UserKey);

        var page1 = await ListAsync(http, $"v1/responses/{response.Id}/input_items?order=asc&limit=2");
        var page2 = await ListAsync(http, $"v1/responses/{response.Id}/input_items?order=asc&limit=2&after={page1.GetProperty("last_id").GetString()}");
        var newest = await ListAsync(http, $"v1/responses/{response.Id}/input_items?limit=1");

        Assert.Equal("list", page1.GetProperty("object").GetString());
        Assert.Equal(["one", "two"], Texts(page1));
        Assert.True(page1.GetProperty("has_more").GetBoolean());
        Assert.Equal(page1.GetProperty("data")[0].GetProperty("id").GetString(), page1.GetProperty("first_id").GetString());
        Assert.Equal(["three"], Texts(page2));
        Assert.False(page2.GetProperty("has_more").GetBoolean());
        Assert.Equal(["three"], Texts(newest));
        Assert.Equal("input_text", page1.GetProperty("data")[0].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("output_text", page1.GetProperty("data")[1].GetProperty("content")[0].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=x", "limit")]
    [InlineData("order=sideways", "order")]
    [InlineData("after=msg_nope", "after")]
    public async Task ABadQueryIs400NamingTheParam(string query, string param)
    {
        ResponseResult response = await ResponsesSdkTests.Client(fx.Silo, fx.UserKey).CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("hi")]) { MaxOutputTokenCount = 2 });
        using var http = fx.Silo.Http(fx.UserKey);

        using var answer = await http.GetAsync($"v1/responses/{response.Id}/input_items?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        using var doc = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal(param, doc.RootElement.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", doc.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnotherTenantsResponseIsNotFoundAndNoKeyIs401()
    {
        ResponseResult mine = await ResponsesSdkTests.Client(fx.Silo, fx.UserKey).CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("private")]) { MaxOutputTokenCount = 2 });
        var stranger = ResponsesSdkTests.Client(fx.Silo, await fx.Silo.CreateUserKeyAsync());
        using var anonymous = new HttpClient { BaseAddress = fx.Silo.BaseUrl };

        var refused = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var unused in stranger.GetResponseInputItemsAsync(mine.Id))
            {
                Assert.Fail("another tenant's item was listed");
            }
        });
        using var noKey = await anonymous.GetAsync($"v1/responses/{mine.Id}/input_items");

        Assert.Equal(404, refused.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    private static async Task<JsonElement> ListAsync(HttpClient http, string path)
    {
        using var answer = await http.GetAsync(path);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string[] Texts(JsonElement page) =>
        [.. page.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("content")[0].GetProperty("text").GetString()!)];
}
