using System.Diagnostics;
using DataLocal.NameNode.Scheduling;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace DataLocal.Tests.Scheduling;

/// <summary>
/// The delay scheduler over a job's pending-task index chooses exactly as over the plain list of
/// pending tasks, while a pull looks only at the tasks local to the pulling node.
/// </summary>
public sealed class PendingTaskIndexTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Random clusters (with and without racks) where replicas die and appear, tasks fail and are
    /// requeued with their node excluded, and time passes: every pull gets the same answer, task and
    /// level, from the index as from the list, and the two delay-scheduling clocks stay together.
    /// </summary>
    [Fact]
    public void IndexedOffer_RandomPullsFailuresAndReplicaChanges_ChoosesAsTheListOfPendingTasks()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var time = new FakeTimeProvider();
            var oracle = new FakeReplicaOracle();
            var nodes = Enumerable.Range(0, 6).Select(i => $"n{i}").ToArray();
            if (seed % 2 == 0)
            {
                foreach (var node in nodes)
                {
                    oracle.Racks[node] = $"/r{random.Next(2)}";
                }
            }
            var tasks = Enumerable.Range(0, 30).Select(i => new FakeTask(i, hasReplicas: random.Next(10) > 0)).ToList();
            foreach (var task in tasks)
            {
                oracle.Replicas[task.Index] = [.. nodes.OrderBy(_ => random.Next()).Take(1 + random.Next(3))];
            }
            var listed = new List<ISchedulableTask>(tasks);
            var index = new PendingTaskIndex(tasks);
            tasks.ForEach(t => index.Add(t, oracle));
            var listState = new DelaySchedulingState(Wait, time.GetUtcNow());
            var indexState = new DelaySchedulingState(Wait, time.GetUtcNow());
            var localityOff = seed % 7 == 0;

            for (var step = 0; step < 300 && listed.Count > 0; step++)
            {
                switch (random.Next(10))
                {
                    case 0:
                        ToggleDead(oracle, nodes[random.Next(nodes.Length)]);
                        break;
                    case 1:
                        // A replica appears (a copy, a report): the block map moves its generation.
                        oracle.Replicas[random.Next(tasks.Count)].Add(nodes[random.Next(nodes.Length)]);
                        oracle.PlacementGeneration++;
                        break;
                    default:
                        time.Advance(TimeSpan.FromMilliseconds(random.Next(1500)));
                        break;
                }
                var node = nodes[random.Next(nodes.Length)];
                var fromList = DelayScheduler.Offer([.. listed.OrderBy(t => t.Index)], node, listState, oracle, localityOff, time.GetUtcNow());
                var fromIndex = DelayScheduler.Offer(index, node, indexState, oracle, localityOff, time.GetUtcNow());

                Assert.True(fromList?.Task.Index == fromIndex?.Task.Index && fromList?.Level == fromIndex?.Level,
                    $"seed {seed} step {step} node {node}: list chose {fromList?.Task.Index} {fromList?.Level}, index {fromIndex?.Task.Index} {fromIndex?.Level}");
                Assert.Equal(listState.CurrentLevel, indexState.CurrentLevel);
                if (fromIndex is not { } launched)
                {
                    continue;
                }
                listed.Remove(launched.Task);
                index.Remove(launched.Task);
                if (random.Next(4) == 0)
                {
                    // The attempt fails: requeued, never again on this node.
                    ((FakeTask)launched.Task).Excluded.Add(node);
                    listed.Add(launched.Task);
                    index.Add(launched.Task, oracle);
                }
            }
        }
    }

    /// <summary>
    /// A pull on a node asks where replicas are only for the tasks local to it, however many tasks
    /// wait for other nodes; over the plain list it asks for every pending task. (Counted, not timed;
    /// the times are written to the test output as a micro-measure.)
    /// </summary>
    [Fact]
    public void IndexedOffer_ManyTasksPendingOnOtherNodes_PullLooksOnlyAtTheNodesOwn()
    {
        var few = ReplicaLookupsForOnePull(tasksElsewhere: 100);
        var many = ReplicaLookupsForOnePull(tasksElsewhere: 10_000);

        output.WriteLine($"100 tasks elsewhere: {few.Indexed} lookups ({few.IndexedTime.TotalMicroseconds:0} us) indexed, {few.Listed} ({few.ListedTime.TotalMicroseconds:0} us) over the list");
        output.WriteLine($"10,000 tasks elsewhere: {many.Indexed} lookups ({many.IndexedTime.TotalMicroseconds:0} us) indexed, {many.Listed} ({many.ListedTime.TotalMicroseconds:0} us) over the list");
        Assert.Equal(few.Indexed, many.Indexed);
        Assert.True(many.Listed > 10_000, $"the list offer made only {many.Listed} lookups");
    }

    private static (int Indexed, TimeSpan IndexedTime, int Listed, TimeSpan ListedTime) ReplicaLookupsForOnePull(int tasksElsewhere)
    {
        var time = new FakeTimeProvider();
        var oracle = new CountingOracle();
        // Tasks 0..tasksElsewhere-1 wait for nodes b..f; the last five are local to a.
        var tasks = Enumerable.Range(0, tasksElsewhere + 5).Select(i => new FakeTask(i)).ToList();
        foreach (var task in tasks)
        {
            oracle.Inner.Replicas[task.Index] = task.Index < tasksElsewhere ? [$"{(char)('b' + (task.Index % 5))}"] : ["a"];
        }
        var index = new PendingTaskIndex(tasks);
        tasks.ForEach(t => index.Add(t, oracle));
        index.Refresh(oracle);

        oracle.Lookups = 0;
        var watch = Stopwatch.StartNew();
        var indexed = DelayScheduler.Offer(index, "a", new DelaySchedulingState(Wait, time.GetUtcNow()), oracle, false, time.GetUtcNow());
        var indexedTime = watch.Elapsed;
        var indexedLookups = oracle.Lookups;

        oracle.Lookups = 0;
        watch.Restart();
        var listed = DelayScheduler.Offer([.. tasks], "a", new DelaySchedulingState(Wait, time.GetUtcNow()), oracle, false, time.GetUtcNow());
        var listedTime = watch.Elapsed;

        Assert.Equal(tasksElsewhere, indexed!.Value.Task.Index);
        Assert.Equal(tasksElsewhere, listed!.Value.Task.Index);
        return (indexedLookups, indexedTime, oracle.Lookups, listedTime);
    }

    private static void ToggleDead(FakeReplicaOracle oracle, string node)
    {
        if (!oracle.Dead.Remove(node))
        {
            oracle.Dead.Add(node);
        }
        else
        {
            // A node back from the dead registered again: the registry moves the generation.
            oracle.PlacementGeneration++;
        }
    }

    /// <summary>Counts how often a scheduler asks where a task's replicas are.</summary>
    private sealed class CountingOracle : IReplicaOracle
    {
        public FakeReplicaOracle Inner { get; } = new();

        public int Lookups { get; set; }

        public long PlacementGeneration => Inner.PlacementGeneration;

        public IReadOnlyList<string> LiveReplicaNodes(ISchedulableTask task)
        {
            Lookups++;
            return Inner.LiveReplicaNodes(task);
        }

        public ReplicaShortage WhyNoReplica(ISchedulableTask task) => Inner.WhyNoReplica(task);

        public string? RackOf(string nodeId) => Inner.RackOf(nodeId);
    }
}
