namespace DataLocal.Tests.FaultLoops;

/// <summary>
/// A fault loop: minutes of killing and restarting real processes, too long for the suite. It runs
/// when DATALOCAL_FAULT_LOOP=1 and otherwise reports itself skipped, saying how to run it.
/// </summary>
public sealed class FaultLoopFactAttribute : FactAttribute
{
    public const string Variable = "DATALOCAL_FAULT_LOOP";

    public FaultLoopFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"fault loop: run it with {Variable}=1 (see README, 'Fault loops')";
        }
    }

    /// <summary>How many kills a loop does: DATALOCAL_FAULT_LOOP_ROUNDS, else the given default.</summary>
    public static int Rounds(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("DATALOCAL_FAULT_LOOP_ROUNDS"), out var rounds) && rounds > 0 ? rounds : fallback;
}
