namespace Verwalter.Supervision.Runtime;

/// <summary>
/// The instance asks for something the bubblewrap sandbox cannot give (a bridged network,
/// secrets, id maps) or names a path the sandbox does not map. The instance is
/// not started; the message is shown in the status and the log.
/// </summary>
internal sealed class SandboxUnsupportedException(string message) : Exception(message);
