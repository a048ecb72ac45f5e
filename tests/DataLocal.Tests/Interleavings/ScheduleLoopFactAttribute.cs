namespace DataLocal.Tests.Interleavings;

/// <summary>
/// A long exploration of interleavings (e.g. 100,000 schedules per scenario), too long for the suite.
/// It runs when DATALOCAL_SCHEDULES is a number of schedules and otherwise reports itself skipped,
/// saying how to run it. The suite's own tests explore <see cref="InSuite"/> schedules per scenario.
/// </summary>
public sealed class ScheduleLoopFactAttribute : FactAttribute
{
    public const string Variable = "DATALOCAL_SCHEDULES";

    /// <summary>Schedules per scenario in the unit suite: a few seconds each on 2 cores.</summary>
    public const int InSuite = 1_000;

    /// <summary>Where the long run's seeds start, past the suite's, so it explores schedules the suite does not.</summary>
    public const int FirstSeed = 1_000_000;

    public ScheduleLoopFactAttribute()
    {
        if (Schedules is null)
        {
            Skip = $"long interleaving run: run it with {Variable}=100000 (see README, 'Fault loops')";
        }
    }

    public static int? Schedules =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out var schedules) && schedules > 0 ? schedules : null;
}
