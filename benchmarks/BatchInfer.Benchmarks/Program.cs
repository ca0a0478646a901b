using BatchInfer.Benchmarks;

return await RecordPipelineBenchmark.RunAsync(BenchmarkOptions.Parse(args));
