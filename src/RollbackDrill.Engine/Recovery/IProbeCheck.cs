namespace RollbackDrill.Engine.Recovery;

/// <summary>One kind of health check. A check never throws for a failing target: it returns a failed outcome.</summary>
public interface IProbeCheck
{
    Task<CheckOutcome> CheckAsync(CancellationToken cancellationToken);
}
