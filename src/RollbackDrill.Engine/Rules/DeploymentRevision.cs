using System.Globalization;
using k8s.Models;

namespace RollbackDrill.Engine.Rules;

/// <summary>The revision annotation of Deployments and their ReplicaSets.</summary>
public static class DeploymentRevision
{
    /// <summary>kubectl deploymentutil.RevisionAnnotation.</summary>
    public const string AnnotationKey = "deployment.kubernetes.io/revision";

    /// <summary>
    /// kubectl deploymentutil.Revision: a missing annotation is revision 0; an unparsable one is an error
    /// (returns false with Go's strconv message in <paramref name="error"/>).
    /// </summary>
    public static bool TryRead(V1ObjectMeta? metadata, out long revision, out string? error)
    {
        error = null;
        revision = 0;
        if (metadata?.Annotations is null || !metadata.Annotations.TryGetValue(AnnotationKey, out var text))
        {
            return true;
        }

        // strconv.ParseInt(v, 10, 64): optional sign, decimal digits only.
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out revision))
        {
            return true;
        }

        revision = 0;
        error = $"strconv.ParseInt: parsing \"{text}\": invalid syntax";
        return false;
    }
}
