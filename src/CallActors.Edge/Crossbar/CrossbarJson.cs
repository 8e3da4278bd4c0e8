using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallActors.Edge.Crossbar;

/// <summary>The edge's JSON settings: snake_case keys (the figures' own labels, such as <c>rfc3550</c>, are kept),
/// enums as snake_case strings, NaN written as a string rather than failing.</summary>
public static class CrossbarJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
