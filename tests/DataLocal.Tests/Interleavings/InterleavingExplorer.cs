using System.Globalization;
using System.Text;
using DataLocal.NameNode;

namespace DataLocal.Tests.Interleavings;

/// <summary>
/// One schedule's worth of a racing scenario: fresh namenode objects, the operations that race on
/// them, and the invariants that must hold after every step and once everything has finished.
/// </summary>
internal interface IInterleavingScenario : IDisposable
{
    /// <summary>The racing operations; each runs on a thread of its own, one step at a time.</summary>
    IReadOnlyList<ScheduledOperation> Operations { get; }

    /// <summary>Checked after every step, while every operation is parked at a point or finished; throws on a violation.</summary>
    void CheckInvariants(ScheduleView view);

    /// <summary>Checked once every operation has finished; throws on a violation.</summary>
    void CheckFinal();
}

/// <summary>A racing operation: a name and a body. The body may block on a condition of the model with <see cref="OperationContext.WaitUntil"/>.</summary>
internal sealed record ScheduledOperation(string Name, Action<OperationContext> Body);

/// <summary>What an operation's body can ask of the scheduler.</summary>
internal sealed class OperationContext
{
    private readonly InterleavingExplorer.OperationRun _run;

    internal OperationContext(InterleavingExplorer.OperationRun run) => _run = run;

    /// <summary>A point of the model (between two calls into the namenode): another operation may run here.</summary>
#pragma warning disable CA1822 // an instance method, so only an operation's body calls it
    public void Point(string name) => Interleaving.Point(name);
#pragma warning restore CA1822

    /// <summary>
    /// Parks the operation until <paramref name="condition"/> (read from the model, on the scheduler's
    /// thread) holds: a lock or a queue of the modelled process, without blocking a real thread.
    /// </summary>
    public void WaitUntil(string what, Func<bool> condition)
    {
        while (!condition())
        {
            _run.WaitingFor = condition;
            Interleaving.Point("waiting:" + what);
        }
        _run.WaitingFor = null;
    }
}

/// <summary>Where each operation is, for invariants that depend on an operation being half-way.</summary>
internal sealed class ScheduleView(IReadOnlyList<InterleavingExplorer.OperationRun> runs)
{
    /// <summary>The point <paramref name="operation"/> is parked at, "done" once it has finished, or "not started".</summary>
    public string At(string operation) => runs.Single(r => r.Operation.Name == operation).LastPoint;

    /// <summary>True when some operation is parked at a point whose name starts with <paramref name="prefix"/>.</summary>
    public bool AnyAt(string prefix) => runs.Any(r => r.LastPoint.StartsWith(prefix, StringComparison.Ordinal));
}

/// <summary>A schedule broke an invariant; the message says how to replay it.</summary>
internal sealed class ScheduleFailedException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// A deterministic scheduler for the namenode's racing operations (a small stand-in for Coyote,
/// whose 1.7 rewriter knows nothing of System.Threading.Lock). Each operation runs on a thread of
/// its own, but only one runs at a time: at every <see cref="Interleaving.Point"/> it reaches, the
/// thread parks and the scheduler, driven by a seeded strategy, chooses which operation takes the
/// next step. After every step, with all operations parked outside any lock, the invariants are
/// checked. The same seed gives the same schedule, so a failure replays from the seed it reports
/// (DATALOCAL_SCHEDULE_SEED=N runs that one schedule).
/// </summary>
internal static class InterleavingExplorer
{
    public const string SeedVariable = "DATALOCAL_SCHEDULE_SEED";

    private const int MaxSteps = 10_000;

    // PCT's priority changes fall in the first this many steps: about the length of the scenarios' schedules.
    private const int PriorityChangeHorizon = 40;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Runs <paramref name="schedules"/> schedules from seeds firstSeed, firstSeed+1, ...: even seeds
    /// take a uniformly random operation at each step, odd seeds follow random priorities with a few
    /// random priority changes (PCT), which reaches bugs needing several preemptions in a row.
    /// Throws <see cref="ScheduleFailedException"/> naming the seed of the first failing schedule.
    /// Returns how many schedules ran: only the one named by DATALOCAL_SCHEDULE_SEED when it is set.
    /// </summary>
    public static int Explore(Func<IInterleavingScenario> scenario, int schedules, int firstSeed = 1)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var only))
        {
            Run(scenario, only);
            return 1;
        }
        for (var i = 0; i < schedules; i++)
        {
            Run(scenario, firstSeed + i);
        }
        return schedules;
    }

    /// <summary>Runs the one schedule of <paramref name="seed"/> (a function of the seed alone); returns its number of steps.</summary>
    public static int Run(Func<IInterleavingScenario> scenario, int seed)
    {
        var strategy = seed % 2 == 0 ? (IStrategy)new RandomWalk(seed) : new PriorityChanges(seed, PriorityChangeHorizon);
        using var instance = scenario();
        var schedule = new Schedule(instance, strategy);
        try
        {
            schedule.Run();
            return schedule.Steps;
        }
        catch (Exception ex) when (ex is not ScheduleFailedException)
        {
            throw new ScheduleFailedException(
                $"schedule with seed {seed} failed after {schedule.Steps} steps ({strategy.Name}): {ex.Message}\n" +
                $"replay it with {SeedVariable}={seed}\nsteps:\n{schedule.Trace}", ex);
        }
    }

    internal sealed class OperationRun(ScheduledOperation operation)
    {
        public ScheduledOperation Operation { get; } = operation;

        public Baton Go { get; } = new();

        public string LastPoint { get; set; } = "not started";

        public bool Done { get; set; }

        public Exception? Error { get; set; }

        public Func<bool>? WaitingFor { get; set; }

        public bool Enabled => !Done && (WaitingFor is null || WaitingFor());
    }

    private sealed class Schedule(IInterleavingScenario scenario, IStrategy strategy)
    {
        private readonly Baton _parked = new();
        private readonly StringBuilder _trace = new();

        public int Steps { get; private set; }

        public string Trace => _trace.ToString();

        public void Run()
        {
            var runs = scenario.Operations.Select(o => new OperationRun(o)).ToList();
            var view = new ScheduleView(runs);
            foreach (var run in runs)
            {
                Workers.Start(() => Body(run));
            }
            try
            {
                scenario.CheckInvariants(view);
                while (runs.Any(r => !r.Done))
                {
                    var enabled = runs.Where(r => r.Enabled).ToList();
                    if (enabled.Count == 0)
                    {
                        throw new InvalidOperationException("deadlock in the model: " +
                            string.Join(", ", runs.Where(r => !r.Done).Select(r => $"{r.Operation.Name} at {r.LastPoint}")));
                    }
                    var chosen = enabled[strategy.Choose(enabled.Select(r => runs.IndexOf(r)).ToList(), Steps)];
                    Step(chosen);
                    _trace.Append(CultureInfo.InvariantCulture, $"  {Steps,3}. {chosen.Operation.Name} -> {chosen.LastPoint}\n");
                    if (chosen.Error is { } error)
                    {
                        throw new InvalidOperationException($"{chosen.Operation.Name} threw {error.GetType().Name}: {error.Message}", error);
                    }
                    scenario.CheckInvariants(view);
                }
                scenario.CheckFinal();
            }
            catch
            {
                Drain(runs);
                throw;
            }
        }

        private void Step(OperationRun run)
        {
            if (++Steps > MaxSteps)
            {
                throw new InvalidOperationException($"no end after {MaxSteps} steps (a livelock in the model?)");
            }
            run.Go.Release();
            if (!_parked.Wait(StepTimeout))
            {
                throw new InvalidOperationException(
                    $"{run.Operation.Name} neither reached a point nor finished in {StepTimeout.TotalSeconds} s after {run.LastPoint}: " +
                    "a point inside a lock, or a real blocking call");
            }
        }

        // After a failure, lets the parked operations finish (unchecked), so no thread stays parked.
        private void Drain(List<OperationRun> runs)
        {
            for (var i = 0; i < MaxSteps && runs.Any(r => !r.Done); i++)
            {
                var next = runs.FirstOrDefault(r => r.Enabled) ?? runs.First(r => !r.Done);
                next.WaitingFor = null;
                next.Go.Release();
                if (!_parked.Wait(StepTimeout))
                {
                    return;
                }
            }
        }

        private void Body(OperationRun run)
        {
            run.Go.Wait();
            using (Interleaving.Install(point =>
            {
                run.LastPoint = point;
                _parked.Release();
                run.Go.Wait();
            }))
            {
                try
                {
                    run.Operation.Body(new OperationContext(run));
                }
#pragma warning disable CA1031 // whatever the operation throws is reported as the schedule's failure
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    run.Error = ex;
                }
            }
            run.Done = true;
            run.LastPoint = "done";
            _parked.Release();
        }
    }

    /// <summary>Threads kept for the operations of the next schedules: thousands of schedules, a few threads.</summary>
    private static class Workers
    {
        private static readonly System.Collections.Concurrent.ConcurrentBag<Worker> Idle = [];

        public static void Start(Action work)
        {
            if (!Idle.TryTake(out var worker))
            {
                worker = new Worker();
            }
            worker.Start(work);
        }

        private sealed class Worker
        {
            private readonly Baton _go = new();
            private Action? _work;

            public Worker() => new Thread(Loop) { IsBackground = true, Name = "interleaving worker" }.Start();

            public void Start(Action work)
            {
                _work = work;
                _go.Release();
            }

            private void Loop()
            {
                while (true)
                {
                    _go.Wait();
                    var work = _work!;
                    _work = null;
                    work();
                    Idle.Add(this);
                }
            }
        }
    }

    /// <summary>
    /// Hands the one right to run between the scheduler and an operation. A semaphore without
    /// spinning: with one thread running at a time, spinning only burns the core the next one needs.
    /// </summary>
    internal sealed class Baton
    {
        private readonly object _gate = new();
        private int _count;

        public void Release()
        {
            lock (_gate)
            {
                _count++;
                Monitor.Pulse(_gate);
            }
        }

        public void Wait() => Wait(Timeout.InfiniteTimeSpan);

        public bool Wait(TimeSpan timeout)
        {
            lock (_gate)
            {
                while (_count == 0)
                {
                    if (!Monitor.Wait(_gate, timeout))
                    {
                        return false;
                    }
                }
                _count--;
                return true;
            }
        }
    }

    private interface IStrategy
    {
        string Name { get; }

        /// <summary>Index into <paramref name="enabled"/> (operation indexes) of the one to step.</summary>
        int Choose(IReadOnlyList<int> enabled, int step);
    }

    private sealed class RandomWalk(int seed) : IStrategy
    {
        private readonly Random _random = new(seed);

        public string Name => "random walk";

        public int Choose(IReadOnlyList<int> enabled, int step) => _random.Next(enabled.Count);
    }

    /// <summary>
    /// PCT (Burckhardt et al.): random distinct priorities, the highest enabled runs, and at a few
    /// random steps the running operation drops to the lowest priority.
    /// </summary>
    private sealed class PriorityChanges : IStrategy
    {
        private readonly Random _random;
        private readonly Dictionary<int, double> _priority = [];
        private readonly HashSet<int> _changeSteps;
        private double _lowest;

        public PriorityChanges(int seed, int expectedSteps)
        {
            _random = new Random(seed);
            var changes = 1 + _random.Next(3);
            _changeSteps = [.. Enumerable.Range(0, changes).Select(_ => _random.Next(Math.Max(1, expectedSteps)))];
        }

        public string Name => "priority changes";

        public int Choose(IReadOnlyList<int> enabled, int step)
        {
            foreach (var op in enabled.Where(op => !_priority.ContainsKey(op)))
            {
                _priority[op] = 1 + _random.NextDouble();
            }
            var best = Best(enabled);
            if (_changeSteps.Contains(step))
            {
                _priority[enabled[best]] = _lowest -= 1;
                best = Best(enabled);
            }
            return best;
        }

        private int Best(IReadOnlyList<int> enabled)
        {
            var best = 0;
            for (var i = 1; i < enabled.Count; i++)
            {
                if (_priority[enabled[i]] > _priority[enabled[best]])
                {
                    best = i;
                }
            }
            return best;
        }
    }
}
