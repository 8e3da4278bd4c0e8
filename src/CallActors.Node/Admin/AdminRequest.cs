namespace CallActors.Node.Admin;

/// <summary>A maintenance function to run on the node, as <c>callactors sup MODULE FUNCTION [ARGS...]</c> names it.</summary>
public sealed record AdminRequest(string Module, string Function, IReadOnlyList<string> Args);
