using BatchInfer.Host.Persistence;
using BatchInfer.Host.Persistence.Serialization;
using Newtonsoft.Json;
using WorkflowCore.Models;

namespace BatchInfer.Tests.Host.Persistence;

public sealed class WorkflowStateSerializerTests : SqliteStoreTests
{

    private static readonly byte[] Bytes = [1, 2, 3];
    private static readonly int[] Ints = [1, 2];

    public static TheoryData<object> ObjectSlotValues() => new()
    {
        42, (short)-3, (byte)7, 3u, ulong.MaxValue, 'x', 1.5f, 0.1, double.NaN, 12L, true, "plain",
        0.1000000000000000000000000001m,
        new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(7),
        new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Unspecified),
        new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.FromHours(8)),
        TimeSpan.FromMilliseconds(1500), SampleWorkflows.KnownGuid, SampleKind.Task, WorkflowStatus.Suspended,
        "2024-01-01T00:00:00Z", Bytes, Ints, new List<long> { 5 },
        new Dictionary<string, object?> { ["n"] = 1, ["nested"] = new Dictionary<string, object?> { ["t"] = TimeSpan.Zero } },
        new PollState(3, "batch_7"), new ControlPersistenceData { ChildrenActive = true },
    };

    [Theory]
    [MemberData(nameof(ObjectSlotValues))]
    public void DeserializeObject_ValueInAnObjectSlot_ComesBackWithItsExactTypeAndValue(object value)
    {
        var json = WorkflowStateSerializer.SerializeObject(value);

        StateAssert.Same(value, WorkflowStateSerializer.DeserializeObject(json));
    }

    [Theory]
    [InlineData(typeof(Version))]
    [InlineData(typeof(Uri))]
    public void SerializeObject_TypeOutsideTheAllowList_RefusesNamingIt(Type foreign)
    {
        object value = foreign == typeof(Uri) ? new Uri("https://example.com/") : new Version(1, 2);

        var error = Assert.ThrowsAny<JsonException>(() => WorkflowStateSerializer.SerializeObject(new SampleData { Bag = { ["x"] = value } }));

        Assert.Contains(foreign.FullName!, AllMessages(error), StringComparison.Ordinal);
        Assert.Contains("not allowed", AllMessages(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("System.IO.FileInfo, System.Private.CoreLib")]
    [InlineData("Evil.Gadget, Evil.Assembly")]
    [InlineData("System.Collections.Generic.List`1[[System.IO.DirectoryInfo, System.Private.CoreLib]], System.Private.CoreLib")]
    public async Task GetWorkflowInstance_StoredDataNamesAForeignType_RefusesNamingIt(string typeName)
    {
        var id = await Store.CreateNewWorkflow(SampleWorkflows.Rich(DateTime.UnixEpoch));
        var tampered = $$"""{"$type":"{{typeName}}","OriginalPath":"/etc/passwd"}""";
        Database.Execute("UPDATE wf_workflows SET data = $data WHERE id = $id", ("$data", tampered), ("$id", id));

        var error = await Assert.ThrowsAnyAsync<JsonException>(() => Store.GetWorkflowInstance(id));

        Assert.Contains("not allowed", AllMessages(error), StringComparison.Ordinal);
        Assert.Contains(typeName.Split(',')[0], AllMessages(error), StringComparison.Ordinal);
    }

    private static string AllMessages(Exception error) =>
        error.InnerException is null ? error.Message : $"{error.Message} | {AllMessages(error.InnerException)}";
}
