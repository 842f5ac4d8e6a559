using GatoLink.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatoLinkSilo();

var app = builder.Build();
app.MapGatoLinkSilo();
app.MapPortal();
await app.RunAsync();

/// <summary>The silo's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
