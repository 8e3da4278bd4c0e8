namespace CallActors.Hocon.Parsing;

/// <summary>The argument of an include statement, e.g. <c>required(file("sip.conf"))</c>.</summary>
internal sealed record IncludeDirective(string Name, IncludeKind Kind, bool Required, HoconOrigin Origin);
