using System.Text.RegularExpressions;

namespace RollbackDrill.Engine.Helm;

/// <summary>
/// Where a workload says which git commit it runs: a commit label/annotation (git-commit, commit-sha, ...,
/// also the OCI image annotation org.opencontainers.image.revision), else app.kubernetes.io/version when it is a
/// commit, else an image tag that is one (7–40 hex digits with at least one letter, so build numbers are not taken).
/// </summary>
public static partial class GitCommitRule
{
    private static readonly string[] CommitKeys =
    [
        "git-commit", "gitcommit", "git_commit", "git-sha", "gitsha", "git.commit", "commit", "commit-sha", "commitsha",
        "git-revision", "vcs-ref", "org.opencontainers.image.revision",
    ];

    public static string? FromMetadata(IEnumerable<KeyValuePair<string, string>> labelsAndAnnotations)
    {
        ArgumentNullException.ThrowIfNull(labelsAndAnnotations);
        var list = labelsAndAnnotations.ToList();
        foreach (var (key, value) in list)
        {
            var last = key[(key.LastIndexOf('/') + 1)..].ToLowerInvariant();
            if (CommitKeys.Contains(last) && IsCommit(value.Trim()))
            {
                return value.Trim();
            }
        }

        var version = list.FirstOrDefault(kv => kv.Key == "app.kubernetes.io/version").Value;
        return version is not null && IsCommit(version) ? version : null;
    }

    public static string? FromImages(IEnumerable<string> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        foreach (var image in images)
        {
            var tag = ImageTag(image);
            if (tag is null)
            {
                continue;
            }

            if (IsCommit(tag))
            {
                return tag;
            }

            // "1.0.0-03d5aeb0", "main-03d5aeb0", "sha-03d5aeb": the last segment.
            var last = tag[(tag.LastIndexOfAny(['-', '.', '_']) + 1)..];
            if (last.Length < tag.Length && IsCommit(last))
            {
                return last;
            }
        }

        return null;
    }

    /// <summary>The tag of an image reference (registry:port/repo:tag@digest): null when there is none.</summary>
    public static string? ImageTag(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? image[..at] : image;
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[(colon + 1)..] : null;
    }

    public static bool IsCommit(string text) => CommitPattern().IsMatch(text);

    [GeneratedRegex("^(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitPattern();
}
