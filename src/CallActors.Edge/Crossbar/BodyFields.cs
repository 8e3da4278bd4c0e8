using System.Text.Json;

namespace CallActors.Edge.Crossbar;

/// <summary>Reads the fields of a request's <c>data</c>, each checked for its type and range; a bad field is thrown as
/// Crossbar's validation error naming it.</summary>
internal static class BodyFields
{
    /// <summary>The shape of the <c>TryParse</c> of the wire names (<c>TransferLegNames.TryParse</c>…).</summary>
    public delegate bool WireNameParser<T>(string? name, out T value);

    public static string StringValue(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid(field, "type", $"{field} must be a string");

    /// <summary>A string of <paramref name="minLength"/> to <paramref name="maxLength"/> characters without control
    /// characters: what goes into a SIP header must not carry a line break.</summary>
    public static string Text(JsonElement value, string field, int minLength, int maxLength)
    {
        var text = StringValue(value, field);
        if (text.Length < minLength || text.Length > maxLength)
        {
            var rule = text.Length < minLength ? "minLength" : "maxLength";
            throw Invalid(field, rule, minLength == 0 ? $"{field} must be at most {maxLength} characters" : $"{field} must be {minLength} to {maxLength} characters");
        }
        return text.Any(char.IsControl) ? throw Invalid(field, "format", $"{field} must not contain control characters") : text;
    }

    /// <summary>The enum value a wire name stands for; <paramref name="choices"/> lists the names in the message.</summary>
    public static T WireName<T>(JsonElement value, string field, WireNameParser<T> parse, string choices)
    {
        var name = StringValue(value, field);
        return parse(name, out var parsed) ? parsed : throw Invalid(field, "enum", $"{field} must be {choices}, not '{CrossbarResult.Truncate(name)}'");
    }

    public static CrossbarException Required(string field, string message) => Invalid(field, "required", message);

    public static CrossbarException Unknown(string field, IEnumerable<string> known) =>
        Invalid(field, "unknown", $"unknown field '{CrossbarResult.Truncate(field)}'; known: {string.Join(", ", known)}");

    public static CrossbarException Invalid(string field, string rule, string message) => new(CrossbarResult.ValidationFailed(field, rule, message));
}
