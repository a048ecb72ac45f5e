using System.Globalization;
using System.Text.Json.Serialization;
using DataLocal.Common.Paths;
using DataLocal.Protocol.Client;

namespace DataLocal.NameNode.Http.WebHdfs;

// The JSON shapes of Apache Hadoop's WebHDFS REST API, names and all, so its clients parse them unchanged.

/// <summary>One path as WebHDFS describes it (Hadoop's FileStatus JSON object).</summary>
internal sealed record WebHdfsFileStatus(
    [property: JsonPropertyName("accessTime")] long AccessTime,
    [property: JsonPropertyName("blockSize")] long BlockSize,
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("length")] long Length,
    [property: JsonPropertyName("modificationTime")] long ModificationTime,
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("pathSuffix")] string PathSuffix,
    [property: JsonPropertyName("permission")] string Permission,
    [property: JsonPropertyName("replication")] int Replication,
    [property: JsonPropertyName("type")] string Type)
{
    /// <param name="named">Whether pathSuffix names it (a directory's entry) or is empty (the path asked about itself).</param>
    public static WebHdfsFileStatus From(FileStatus status, bool named) => new(
        // DataLocal keeps no access times; the modification time is the nearest truth (HDFS, too, may leave them off).
        status.ModificationTimeMs,
        status.IsDirectory ? 0 : status.BlockSize,
        status.Group,
        status.IsDirectory ? 0 : status.Length,
        status.ModificationTimeMs,
        status.Owner,
        named ? DataLocalPath.Name(status.Path) : string.Empty,
        // Octal without leading zeros, as Hadoop writes it ("755", "644").
        Convert.ToString(status.Permission, 8),
        status.IsDirectory ? 0 : status.Replication,
        status.IsDirectory ? "DIRECTORY" : "FILE");
}

internal sealed record FileStatusReply([property: JsonPropertyName("FileStatus")] WebHdfsFileStatus FileStatus);

internal sealed record FileStatusList([property: JsonPropertyName("FileStatus")] IReadOnlyList<WebHdfsFileStatus> FileStatus);

internal sealed record FileStatusesReply([property: JsonPropertyName("FileStatuses")] FileStatusList FileStatuses);

internal sealed record WebHdfsContentSummary(
    [property: JsonPropertyName("directoryCount")] long DirectoryCount,
    [property: JsonPropertyName("fileCount")] long FileCount,
    [property: JsonPropertyName("length")] long Length,
    [property: JsonPropertyName("quota")] long Quota,
    [property: JsonPropertyName("spaceConsumed")] long SpaceConsumed,
    [property: JsonPropertyName("spaceQuota")] long SpaceQuota,
    [property: JsonPropertyName("typeQuota")] IReadOnlyDictionary<string, object> TypeQuota);

internal sealed record ContentSummaryReply([property: JsonPropertyName("ContentSummary")] WebHdfsContentSummary ContentSummary);

/// <summary>Where one block's replicas are (Hadoop's BlockLocation, as GETFILEBLOCKLOCATIONS returns it).</summary>
internal sealed record WebHdfsBlockLocation(
    [property: JsonPropertyName("cachedHosts")] IReadOnlyList<string> CachedHosts,
    [property: JsonPropertyName("corrupt")] bool Corrupt,
    [property: JsonPropertyName("hosts")] IReadOnlyList<string> Hosts,
    [property: JsonPropertyName("length")] long Length,
    [property: JsonPropertyName("names")] IReadOnlyList<string> Names,
    [property: JsonPropertyName("offset")] long Offset,
    [property: JsonPropertyName("storageTypes")] IReadOnlyList<string> StorageTypes,
    [property: JsonPropertyName("topologyPaths")] IReadOnlyList<string> TopologyPaths)
{
    public static WebHdfsBlockLocation From(LocatedBlock block)
    {
        var corrupt = block.Replicas.Count == 0 && block.CorruptReplicas.Count > 0;
        var replicas = corrupt ? block.CorruptReplicas : block.Replicas;
        var names = replicas.Select(r => new Uri(r.Address).Authority).ToList();
        return new(
            [],
            corrupt,
            [.. replicas.Select(r => new Uri(r.Address).Host)],
            block.Block.Length,
            names,
            block.Block.Offset,
            [.. replicas.Select(_ => "DISK")],
            [.. replicas.Select((r, i) => $"{(string.IsNullOrEmpty(r.Rack) ? "/default-rack" : r.Rack.TrimEnd('/'))}/{names[i]}")]);
    }
}

internal sealed record BlockLocationList([property: JsonPropertyName("BlockLocation")] IReadOnlyList<WebHdfsBlockLocation> BlockLocation);

internal sealed record BlockLocationsReply([property: JsonPropertyName("BlockLocations")] BlockLocationList BlockLocations);

/// <summary>The answer of MKDIRS, RENAME, DELETE and SETREPLICATION.</summary>
internal sealed record BooleanReply([property: JsonPropertyName("boolean")] bool Boolean);

/// <summary>The answer to a request with noredirect=true: where to go, in the body instead of a 307.</summary>
internal sealed record LocationReply([property: JsonPropertyName("Location")] string Location);

internal static class WebHdfsFormat
{
    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
