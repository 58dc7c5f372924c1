using System.Buffers;
using System.Globalization;
using System.Text;

namespace Verwalter.Scheduling;

/// <summary>
/// Operator actions waiting for the leader's next scheduler run (spec §2.7). Ids are
/// <c>unix_seconds × 1000 + i</c> with at most 1000 per second. An action stays pending until a
/// run that contained it is published; its waiter then gets the scheduler's reply (or none).
/// Losing leadership drops every pending action and tells the waiters.
/// </summary>
public sealed class ActionQueue(TimeProvider time)
{
    public const int PerSecond = 1000;

    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, Entry> _pending = [];
    private long _second = -1;
    private int _issued;
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when an action is registered after this call (the schedule loop's nudge).</summary>
    public Task WaitForAddedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _added.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Registers an action (its JSON text); null when 1000 were registered this second already.</summary>
    public ActionTicket? Register(byte[] json)
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        TaskCompletionSource added;
        ActionTicket ticket;
        lock (_lock)
        {
            if (second != _second)
            {
                _second = second;
                _issued = 0;
            }

            if (_issued >= PerSecond)
            {
                return null;
            }

            var id = (second * PerSecond) + _issued++;
            var entry = new Entry(json, new TaskCompletionSource<ActionResult>(TaskCreationOptions.RunContinuationsAsynchronously));
            _pending[id] = entry;
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ticket = new ActionTicket(id, entry.Done.Task);
        }

        added.TrySetResult();
        return ticket;
    }

    public bool IsPending(long id)
    {
        lock (_lock)
        {
            return _pending.ContainsKey(id);
        }
    }

    /// <summary>The pending actions in id order.</summary>
    public IReadOnlyList<KeyValuePair<long, byte[]>> Snapshot()
    {
        lock (_lock)
        {
            return [.. _pending.Select(p => new KeyValuePair<long, byte[]>(p.Key, p.Value.Json))];
        }
    }

    /// <summary><c>{"&lt;id&gt;": action, …}</c>: the scheduler input's <c>actions</c> field and <c>/v1/pending_actions</c>.</summary>
    public static byte[] ToJsonObject(IReadOnlyList<KeyValuePair<long, byte[]>> actions)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("{"u8);
        for (var i = 0; i < actions.Count; i++)
        {
            if (i > 0)
            {
                buffer.Write(","u8);
            }

            buffer.Write(Encoding.UTF8.GetBytes("\"" + actions[i].Key.ToString(CultureInfo.InvariantCulture) + "\":"));
            buffer.Write(actions[i].Value);
        }

        buffer.Write("}"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A run containing <paramref name="ids"/> was published: remove them and answer their waiters.</summary>
    public void Complete(IEnumerable<long> ids, IReadOnlyDictionary<long, byte[]> replies)
    {
        var done = new List<(Entry Entry, byte[]? Reply)>();
        lock (_lock)
        {
            foreach (var id in ids)
            {
                if (_pending.Remove(id, out var entry))
                {
                    done.Add((entry, replies.GetValueOrDefault(id)));
                }
            }
        }

        foreach (var (entry, reply) in done)
        {
            entry.Done.TrySetResult(reply is null ? ActionResult.NoReply : new ActionResult(ActionOutcome.Reply, reply));
        }
    }

    /// <summary>This node is no longer leader: pending actions are lost (their waiters get 503).</summary>
    public int DropAll()
    {
        List<Entry> dropped;
        lock (_lock)
        {
            dropped = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var entry in dropped)
        {
            entry.Done.TrySetResult(ActionResult.Lost);
        }

        return dropped.Count;
    }

    private sealed record Entry(byte[] Json, TaskCompletionSource<ActionResult> Done);
}

/// <summary>A registered action: its id and the outcome once a run containing it is published.</summary>
public sealed record ActionTicket(long Id, Task<ActionResult> Outcome);

public enum ActionOutcome
{
    Reply,
    NoReply,
    Lost,
}

/// <summary>What a <c>wait_action</c> caller gets: the scheduler's reply (JSON text), no reply, or lost leadership.</summary>
public sealed record ActionResult(ActionOutcome Outcome, byte[]? Reply)
{
    public static ActionResult NoReply { get; } = new(ActionOutcome.NoReply, null);

    public static ActionResult Lost { get; } = new(ActionOutcome.Lost, null);
}
