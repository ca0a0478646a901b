using BatchInfer.Host.Cli;

return await BatchInferCommandLine.InvokeAsync(args);
