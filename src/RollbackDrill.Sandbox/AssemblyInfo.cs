namespace RollbackDrill.Sandbox;

internal static class AssemblyInfo
{
}
