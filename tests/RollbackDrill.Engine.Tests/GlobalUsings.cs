global using RollbackDrill.TestSupport;
global using Xunit;
