using Xunit.Abstractions;
using Xunit.Sdk;

namespace GatoLink.Integration.Tests.Infrastructure.Skipping;

/// <summary>
/// A test stopped by a missing tool reports itself skipped with the reason outside CI and fails under CI; PostgreSQL's
/// programs are found whatever the installed version.
/// </summary>
public sealed class ToolSkippingTests
{
    [Fact]
    public void OutsideCiAMissingToolStopsTheTestAsASkipWithTheReason()
    {
        var stop = Assert.Throws<ToolMissingException>(() => ToolMissing.Stop("promtool", "apt-get install -y prometheus", onCi: false));

        Assert.Contains("promtool is not installed", stop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnderCiAMissingToolFailsTheTest()
    {
        var failure = Assert.ThrowsAny<XunitException>(() => ToolMissing.Stop("chromium", "apt-get install -y chromium", onCi: true));

        Assert.Contains("CI must install it", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRunnerSeesAToolMissingFailureAsASkipAndAnyOtherAsAFailure()
    {
        var sink = new CollectingBus();
        using var bus = new ToolSkipMessageBus(sink);
        var test = RealTest();

        bus.QueueMessage(new TestFailed(test, 0, null, new ToolMissingException("Skipped: npm is not installed.")));
        bus.QueueMessage(new TestFailed(test, 0, null, new InvalidOperationException("a real failure")));

        Assert.Equal(1, bus.Skipped);
        var skipped = Assert.IsAssignableFrom<ITestSkipped>(sink.Messages[0]);
        Assert.Equal("Skipped: npm is not installed.", skipped.Reason);
        Assert.IsAssignableFrom<ITestFailed>(sink.Messages[1]);
    }

    [Fact]
    public void TheNewestInstalledPostgresVersionIsUsedAndASettingWins()
    {
        var root = Directory.CreateTempSubdirectory("gatolink-pgroot-").FullName;
        try
        {
            foreach (var version in new[] { "9.6", "15", "17", "common" })
            {
                Directory.CreateDirectory(Path.Combine(root, version, "bin"));
                File.WriteAllText(Path.Combine(root, version, "bin", "initdb"), "");
            }

            Directory.CreateDirectory(Path.Combine(root, "18", "bin"));

            Assert.Equal(Path.Combine(root, "17", "bin"), PostgresBinaries.Find(null, root, ""));
            Assert.Equal("/opt/pg/bin", PostgresBinaries.Find("/opt/pg/bin", root, ""));
            Assert.Equal(Path.Combine(root, "15", "bin"), PostgresBinaries.Find(null, Path.Combine(root, "none"), $"/nowhere:{Path.Combine(root, "15", "bin")}"));
            Assert.Null(PostgresBinaries.Find(null, Path.Combine(root, "none"), "/nowhere"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed class CollectingBus : IMessageBus
    {
        public List<IMessageSinkMessage> Messages { get; } = [];

        public bool QueueMessage(IMessageSinkMessage message)
        {
            Messages.Add(message);
            return true;
        }

        public void Dispose()
        {
        }
    }

    private static XunitTest RealTest()
    {
        var assembly = new TestAssembly(Reflector.Wrap(typeof(ToolSkippingTests).Assembly));
        var collection = new TestCollection(assembly, null, "tool skipping");
        var testClass = new TestClass(collection, Reflector.Wrap(typeof(ToolSkippingTests)));
        var method = new TestMethod(testClass, Reflector.Wrap(typeof(ToolSkippingTests).GetMethod(nameof(OutsideCiAMissingToolStopsTheTestAsASkipWithTheReason))!));
        var testCase = new XunitTestCase(new NullMessageSink(), TestMethodDisplay.ClassAndMethod, TestMethodDisplayOptions.None, method);
        return new XunitTest(testCase, "tool skipping");
    }
}
