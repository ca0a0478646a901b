namespace BatchInfer.Activities.Chunks;

/// <summary>One chunk file written for a round: how many requests and bytes it holds.</summary>
public sealed record ChunkInfo(int Round, int Index, int Records, long Bytes);
