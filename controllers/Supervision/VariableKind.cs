namespace Verwalter.Supervision;

/// <summary>The declared type of a container variable (spec B.2.5), written as a YAML tag.</summary>
internal enum VariableKind
{
    TcpPort,
    Name,
    DottedName,
    Choice,
}
