namespace CallActors.Hocon.Parsing;

/// <summary>How an include names its resource: <c>include "x"</c>, <c>file("x")</c>, <c>url("x")</c>, <c>classpath("x")</c>.</summary>
internal enum IncludeKind
{
    Heuristic,
    File,
    Url,
    Classpath,
}
