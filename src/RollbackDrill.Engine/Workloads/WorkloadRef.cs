namespace RollbackDrill.Engine.Workloads;

/// <summary>A workload by kind (canonical, see <see cref="WorkloadKinds"/>), namespace and name.</summary>
public sealed record WorkloadRef(string Kind, string Namespace, string Name)
{
    public override string ToString() => $"{WorkloadKinds.Lower(Kind)}.apps/{Name} in namespace {Namespace}";
}
