using System.Text.Json.Serialization;

namespace DataLocal.Common.WebHdfs;

/// <summary>Source-generated JSON for the WebHDFS shapes shared by the namenode and datanodes.</summary>
[JsonSerializable(typeof(WebHdfsError.Envelope))]
internal sealed partial class WebHdfsJsonContext : JsonSerializerContext;
