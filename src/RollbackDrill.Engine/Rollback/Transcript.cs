namespace RollbackDrill.Engine.Rollback;

/// <summary>A thread-safe, time-stamped transcript of one release's rollback.</summary>
internal sealed class Transcript(TimeProvider time)
{
    private readonly List<RollbackTranscriptEntry> entries = [];

    public void Add(string kind, string text)
    {
        var entry = new RollbackTranscriptEntry { Time = time.GetUtcNow(), Kind = kind, Text = text };
        lock (entries)
        {
            entries.Add(entry);
        }
    }

    /// <summary>Adds each non-empty line of a process stream.</summary>
    public void AddLines(string kind, string text)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length > 0)
            {
                Add(kind, trimmed);
            }
        }
    }

    public IReadOnlyList<RollbackTranscriptEntry> Snapshot()
    {
        lock (entries)
        {
            return entries.ToList();
        }
    }
}
