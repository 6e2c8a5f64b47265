using System.Management.Automation;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// Refuses a zero or negative duration at parameter binding, before anything reaches a cluster: a deadline of zero
/// would time out at once (or, read as kubectl's --timeout=0, wait forever), and a negative one is a typo.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidatePositiveDurationAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject pso ? pso.BaseObject : arguments;
        if (value is TimeSpan span && span <= TimeSpan.Zero)
        {
            throw new ValidationMetadataException(
                $"The duration {span} is not longer than zero. Give a positive duration such as 00:05:00, 300 (seconds) or 5m.");
        }
    }
}
