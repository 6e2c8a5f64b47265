using System.Runtime.CompilerServices;

// Probe header values (they may hold tokens) are internal: only the engine that sends them reads them.
[assembly: InternalsVisibleTo("RollbackDrill.Engine")]
[assembly: InternalsVisibleTo("RollbackDrill.Engine.Tests")]
