namespace BatchInfer.Simulator;
