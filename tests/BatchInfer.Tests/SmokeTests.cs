namespace BatchInfer.Tests;
