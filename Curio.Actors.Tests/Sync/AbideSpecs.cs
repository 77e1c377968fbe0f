using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Sync;

public class AbideSpecs : SyncSpec
{
    public static TheoryData<string> LockKinds => new() { "monitor", "lock", "mutex", "semaphoreslim", "rwlock", "semaphore" };

    private sealed class ThreadSide(string kind)
    {
        private readonly object _monitor = new();
        private readonly System.Threading.Lock _lock = new();
        private readonly Mutex _mutex = new();
        private readonly SemaphoreSlim _slim = new(1, 1);
        private readonly ReaderWriterLockSlim _rw = new();
        private readonly System.Threading.Semaphore _sem = new(1, 1);

#pragma warning disable CS9216 // Abide(object) recognises a System.Threading.Lock passed as object
        public object Target => kind switch
        {
            "monitor" => _monitor, "lock" => _lock, "mutex" => _mutex, "semaphoreslim" => _slim, "rwlock" => _rw, _ => _sem,
        };
#pragma warning restore CS9216

        public bool TryEnter(int ms) => kind switch
        {
            "monitor" => Monitor.TryEnter(_monitor, ms),
            "lock" => _lock.TryEnter(ms),
            "mutex" => _mutex.WaitOne(ms),
            "semaphoreslim" => _slim.Wait(ms),
            "rwlock" => _rw.TryEnterWriteLock(ms),
            _ => _sem.WaitOne(ms),
        };

        public void Exit()
        {
            switch (kind)
            {
                case "monitor": Monitor.Exit(_monitor); break;
                case "lock": _lock.Exit(); break;
                case "mutex": _mutex.ReleaseMutex(); break;
                case "semaphoreslim": _slim.Release(); break;
                case "rwlock": _rw.ExitWriteLock(); break;
                default: _sem.Release(); break;
            }
        }

        /// <summary>Starts a thread that takes the lock and keeps it until the returned event is set.</summary>
        public (Thread Holder, ManualResetEventSlim MayRelease) HeldByAThread()
        {
            var holds = new ManualResetEventSlim();
            var mayRelease = new ManualResetEventSlim();
            var holder = new Thread(() => { TryEnter(-1); holds.Set(); mayRelease.Wait(Limit); Exit(); }) { IsBackground = true };
            holder.Start();
            Assert.True(holds.Wait(Limit));
            return (holder, mayRelease);
        }

        /// <summary>On a fresh thread (affinity): true if the lock can be taken now; gives it back.</summary>
        public bool FreeFromAnotherThread()
        {
            var free = false;
            var t = new Thread(() => { if (TryEnter(0)) { free = true; Exit(); } });
            t.Start();
            Assert.True(t.Join(Limit));
            return free;
        }
    }

    [Theory]
    [MemberData(nameof(LockKinds))]
    public async Task A_task_waits_for_a_thread_lock_without_blocking_other_tasks(string kind)
    {
        var side = new ThreadSide(kind);
        var (_, threadMayRelease) = side.HeldByAThread();
        var events = new List<string>();
        await Run(async () =>
        {
            var t = Spawn(async () =>
            {
                await using (await Abide(side.Target))
                {
                    events.Add("task in critical section");
                    Assert.False(side.FreeFromAnotherThread());
                }
            });
            await Parked("FUTURE_WAIT", t);
            for (var i = 0; i < 3; i++) await Sleep(TimeSpan.Zero); // the kernel keeps running other tasks
            events.Add("other task ran");
            threadMayRelease.Set();
            await t.JoinAsync();
            Assert.True(side.FreeFromAnotherThread());
        });
        Assert.Equal(new[] { "other task ran", "task in critical section" }, events);
    }

    [Theory]
    [MemberData(nameof(LockKinds))]
    public async Task An_abide_cancelled_while_waiting_never_leaks_the_lock(string kind)
    {
        var side = new ThreadSide(kind);
        var (holder, threadMayRelease) = side.HeldByAThread();
        await Run(async () =>
        {
            var t = Spawn(() => TimeoutAfter(S(1), async () => { await using (await Abide(side.Target)) { } }));
            await Parked("FUTURE_WAIT", t);
            Time.Advance(S(1));
            var e = await Assert.ThrowsAsync<TaskError>(async () => await t.JoinAsync());
            Assert.IsType<TaskTimeout>(e.InnerException);
        });
        threadMayRelease.Set();
        Assert.True(holder.Join(Limit));
        AwaitCondition(side.FreeFromAnotherThread, Limit);
    }

    [Fact]
    public async Task Abide_shares_a_lock_object_between_threads_and_tasks_without_losing_updates()
    {
        var gate = new object();
        var counter = 0;
        const int perSide = 200;
        var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < perSide; i++) lock (gate) { var c = counter; Thread.SpinWait(10); counter = c + 1; }
        })).ToList();
        threads.ForEach(t => t.Start());
        await Run(async () =>
        {
            var tasks = Enumerable.Range(0, 2).Select(_ => Spawn(async () =>
            {
                for (var i = 0; i < perSide; i++)
                    await using (await Abide(gate)) { var c = counter; await Sleep(TimeSpan.Zero); counter = c + 1; }
            })).ToList();
            foreach (var t in tasks) await t.JoinAsync();
        });
        threads.ForEach(t => Assert.True(t.Join(Limit)));
        Assert.Equal(4 * perSide, counter);
    }
}
