using Akka.Actor;
using Curio.Actors.Engine;

namespace Curio.Actors.Tests.Core;

/// <summary>The task actors' mailbox queue: one envelope inline, a ring only behind it, FIFO throughout.</summary>
public class TaskMessageQueueSpecs
{
    private static Envelope E(int i) => new(i, ActorRefs.NoSender);

    private static List<int> Drain(TaskMessageQueue q)
    {
        var got = new List<int>();
        while (q.TryDequeue(out var e)) got.Add((int)e.Message);
        return got;
    }

    [Fact]
    public void Envelopes_come_out_in_the_order_they_went_in_across_growth_and_wrap_around()
    {
        var q = new TaskMessageQueue();
        var expected = new List<int>();
        var got = new List<int>();
        var next = 0;
        // Uneven bursts: the ring wraps (head moves) and grows while envelopes are still queued.
        foreach (var (put, take) in new[] { (1, 1), (3, 2), (5, 1), (2, 4), (9, 3), (1, 9) })
        {
            for (var i = 0; i < put; i++)
            {
                q.Enqueue(ActorRefs.Nobody, E(next));
                expected.Add(next++);
            }
            for (var i = 0; i < take && q.TryDequeue(out var e); i++) got.Add((int)e.Message);
            Assert.Equal(next - got.Count, q.Count);
        }
        got.AddRange(Drain(q));
        Assert.Equal(expected, got);
        Assert.False(q.HasMessages);
        Assert.False(q.TryDequeue(out _));
    }

    [Fact]
    public void Clean_up_hands_what_is_left_to_dead_letters_in_order()
    {
        var q = new TaskMessageQueue();
        for (var i = 0; i < 5; i++) q.Enqueue(ActorRefs.Nobody, E(i));
        Assert.True(q.TryDequeue(out var first));
        Assert.Equal(0, first.Message);
        var dead = new TaskMessageQueue();
        q.CleanUp(ActorRefs.Nobody, dead);
        Assert.Equal(0, q.Count);
        Assert.Equal([1, 2, 3, 4], Drain(dead));
    }

    [Fact]
    public void Many_producers_lose_nothing_and_keep_each_producers_order()
    {
        var q = new TaskMessageQueue();
        const int producers = 4, each = 20_000;
        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            for (var i = 0; i < each; i++) q.Enqueue(ActorRefs.Nobody, E(p * each + i));
        }) { IsBackground = true }).ToList();
        var got = new List<int>();
        threads.ForEach(t => t.Start());
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (got.Count < producers * each && DateTime.UtcNow < deadline)
        {
            if (q.TryDequeue(out var e)) got.Add((int)e.Message);
        }
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromSeconds(20))));
        Assert.Equal(producers * each, got.Count);
        for (var p = 0; p < producers; p++)
        {
            var mine = got.Where(v => v / each == p).ToList();
            Assert.Equal(Enumerable.Range(p * each, each), mine);
        }
    }
}
