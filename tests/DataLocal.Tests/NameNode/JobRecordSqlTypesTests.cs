using DataLocal.NameNode.Persistence;
using DataLocal.Tests.Cluster;
using LiteDB;

namespace DataLocal.Tests.NameNode;

/// <summary>Job records keep their result columns' SQL types, and records stored before they were kept still load.</summary>
public sealed class JobRecordSqlTypesTests
{
    [Fact]
    public void ColumnSqlTypes_SurviveAReopen()
    {
        var directory = Files.TempDirectory();
        using (var store = new MetadataStore(directory))
        {
            store.SaveJob(new JobRecord { Id = "job-1", Columns = ["n", "m"], ColumnSqlTypes = ["BIGINT", "DECIMAL(9,2)"] });
        }

        using var reopened = new MetadataStore(directory);

        Assert.Equal(["BIGINT", "DECIMAL(9,2)"], reopened.FindJob("job-1")!.ColumnSqlTypes);
    }

    [Fact]
    public void RecordWithoutColumnSqlTypes_LoadsWithNone()
    {
        var directory = Files.TempDirectory();
        using (var old = new LiteDatabase(Path.Combine(directory, MetadataStore.FileName)))
        {
            old.GetCollection("jobs").Insert(new BsonDocument
            {
                ["_id"] = "job-old",
                ["Sql"] = "SELECT 1",
                ["State"] = "succeeded",
                ["Columns"] = new BsonArray(new BsonValue("n")),
                ["ColumnTypes"] = new BsonArray(new BsonValue("number")),
            });
        }

        using var store = new MetadataStore(directory);
        var job = store.FindJob("job-old")!;

        Assert.Equal(["n"], job.Columns);
        Assert.Empty(job.ColumnSqlTypes);
    }
}
