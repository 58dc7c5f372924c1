namespace Verwalter.Supervision;

/// <summary>One <c>tcp-ports</c> entry of a container: a listening socket handed over on <see cref="Fd"/>.</summary>
internal sealed record TcpPortConfig(int Fd, string Host, int ListenBacklog, bool ReuseAddr, bool ReusePort, bool SetNonBlock, bool External);
