namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// One job's delay-scheduling clock (Spark's TaskSetManager locality wait). The allowed level
/// rises one step each time the job has waited <see cref="Wait"/> without the timer being reset.
/// A local launch resets the timer only if, within the last wait, no free slot was turned away for
/// locality and no slot had to take a less local task — after Spark 3.1's fix for SPARK-18886, where
/// steady local launches on a few busy nodes kept resetting the wait and left every other slot idle
/// for ever. Once slots have shown that local work alone cannot keep them busy, the job stays at
/// the relaxed level instead of swinging back and idling them for another wait.
/// </summary>
public sealed class DelaySchedulingState(TimeSpan wait, DateTimeOffset now)
{
    private DateTimeOffset? _lastSlotStarvedForLocality;

    public TimeSpan Wait { get; } = wait;

    public LocalityLevel CurrentLevel { get; private set; } = LocalityLevel.NodeLocal;

    public DateTimeOffset TimerStart { get; private set; } = now;

    /// <summary>The most distant level a task may be launched at now.</summary>
    public LocalityLevel AllowedLevel(DateTimeOffset now, Func<LocalityLevel, bool> levelHasCandidates)
    {
        while (CurrentLevel < LocalityLevel.Any)
        {
            if (!levelHasCandidates(CurrentLevel))
            {
                // Nothing could ever launch at this level: waiting on it would only idle slots.
                CurrentLevel++;
                TimerStart = now;
            }
            else if (now - TimerStart >= Wait)
            {
                CurrentLevel++;
                TimerStart += Wait;
            }
            else
            {
                break;
            }
        }
        return CurrentLevel;
    }

    /// <summary>A node with a free slot got nothing because the job still waits for locality.</summary>
    public void OnDeclined(DateTimeOffset now) => _lastSlotStarvedForLocality = now;

    public void OnLaunched(LocalityLevel level, DateTimeOffset now)
    {
        if (level > LocalityLevel.NodeLocal)
        {
            _lastSlotStarvedForLocality = now;
            return;
        }
        var starvedRecently = _lastSlotStarvedForLocality is { } starved && now - starved < Wait;
        if (!starvedRecently)
        {
            CurrentLevel = level;
            TimerStart = now;
        }
    }
}
