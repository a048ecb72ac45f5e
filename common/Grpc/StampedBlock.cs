using DataLocal.Protocol.Security;

namespace DataLocal.Common.Grpc;

/// <summary>
/// A block as a write pipeline needs to name it: its id and the generation stamp the namenode gave
/// it at allocation, which every replica stores and reports (0 for blocks older than stamps), and the
/// namenode's block token that lets the pipeline's datanodes accept it.
/// </summary>
public readonly record struct StampedBlock(long BlockId, long GenerationStamp, BlockToken? Token);
