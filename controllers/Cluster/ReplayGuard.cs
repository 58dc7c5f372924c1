namespace Verwalter.Cluster;

/// <summary>
/// Rejects replayed keyed frames (pure, single-threaded). A frame is fresh when its sender
/// timestamp is within <c>window</c> of this node's clock; a fresh frame is new when its
/// (sender, sequence) was not seen before, tracked per sender with a 64-sequence sliding bitmap
/// as in IPsec's anti-replay window (RFC 4303 §3.4.3). A sender's state is forgotten only when its
/// newest timestamp is older than the window, at which point all its earlier frames are stale too.
/// Only frames with a valid tag reach this class, so only key holders create state.
/// </summary>
internal sealed class ReplayGuard(TimeSpan window, int maxSenders = 16384)
{
    private const int WindowBits = 64;
    private readonly Dictionary<ulong, SenderWindow> _senders = [];
    private readonly long _windowMs = (long)window.TotalMilliseconds;

    public int Senders => _senders.Count;

    public DropReason? Check(in FrameHeader header, long nowMs)
    {
        if (Math.Abs(nowMs - header.TimestampMs) > _windowMs)
        {
            return DropReason.Stale;
        }

        if (!_senders.TryGetValue(header.Sender, out var state))
        {
            if (_senders.Count >= maxSenders && !Forget(nowMs))
            {
                return DropReason.Replay;
            }

            _senders[header.Sender] = new SenderWindow(header.Sequence, 1UL, header.TimestampMs);
            return null;
        }

        var newest = Math.Max(state.NewestMs, header.TimestampMs);
        if (header.Sequence > state.Highest)
        {
            var shift = header.Sequence - state.Highest;
            var bitmap = shift >= WindowBits ? 1UL : (state.Bitmap << (int)shift) | 1UL;
            _senders[header.Sender] = new SenderWindow(header.Sequence, bitmap, newest);
            return null;
        }

        var age = state.Highest - header.Sequence;
        if (age >= WindowBits || (state.Bitmap & (1UL << (int)age)) != 0)
        {
            return DropReason.Replay;
        }

        _senders[header.Sender] = state with { Bitmap = state.Bitmap | (1UL << (int)age), NewestMs = newest };
        return null;
    }

    /// <summary>Drops senders whose newest frame is outside the window; true if any room was made.</summary>
    private bool Forget(long nowMs)
    {
        var before = _senders.Count;
        foreach (var sender in _senders.Where(s => nowMs - s.Value.NewestMs > _windowMs).Select(s => s.Key).ToList())
        {
            _senders.Remove(sender);
        }

        return _senders.Count < before;
    }

    private readonly record struct SenderWindow(ulong Highest, ulong Bitmap, long NewestMs);
}
