namespace CallActors.Node.Admin;

/// <summary>The result of an admin request: the CLI's exit code, and the text it prints (stdout when 0, else stderr).</summary>
public sealed record AdminReply(int ExitCode, string Output);
