using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace CallActors.Hocon.Configuration;

/// <summary>
/// Binds a configuration section to an options type strictly: HOCON's kebab-case keys map to
/// PascalCase properties (<c>data-dir</c> → <c>DataDir</c>; environment variables may write
/// <c>DATA_DIR</c>), durations and sizes use HOCON's units, booleans accept on/off/yes/no, and
/// every unknown key or unparsable value is reported with the file:line:col it came from, so a
/// typo stops the node instead of being ignored.
/// </summary>
public static class HoconOptionsBinder
{
    /// <summary>Binds <paramref name="sectionPath"/> (e.g. <c>callactors</c>) into a new <typeparamref name="T"/>; problems are added to <paramref name="problems"/>.</summary>
    public static T Bind<T>(IConfigurationRoot configuration, string sectionPath, ICollection<string> problems)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        var target = new T();
        BindObject(configuration, configuration.GetSection(sectionPath), target, problems);
        return target;
    }

    /// <summary>Where a key was set: <c>file:line:col</c> for HOCON, or a description of the other source.</summary>
    public static string DescribeOrigin(IConfigurationRoot configuration, string key) =>
        configuration.TryGetHoconOrigin(key, out var origin) ? origin.ToString() : "(environment or command line)";

    /// <summary>The HOCON spelling of a configuration path: <c>callactors:data-dir</c> → <c>callactors.data-dir</c>.</summary>
    public static string ToHoconPath(string configurationPath) => configurationPath.Replace(':', '.');

    private static void BindObject(IConfigurationRoot root, IConfigurationSection section, object target, ICollection<string> problems)
    {
        var properties = target.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite || IsOptionsObject(p.PropertyType))
            .ToDictionary(p => Normalize(p.Name), StringComparer.Ordinal);
        foreach (var child in section.GetChildren())
        {
            if (!properties.TryGetValue(Normalize(child.Key), out var property))
            {
                problems.Add($"{DescribeOrigin(root, child.Path)}: unknown key '{ToHoconPath(child.Path)}'; known keys here: {string.Join(", ", properties.Values.Select(p => Kebab(p.Name)))}");
                continue;
            }

            if (ListElementType(property.PropertyType) is { } elementType)
            {
                property.SetValue(target, BindList(root, child, elementType, problems));
                continue;
            }

            if (IsOptionsObject(property.PropertyType))
            {
                var nested = property.GetValue(target) ?? Activator.CreateInstance(property.PropertyType)!;
                BindObject(root, child, nested, problems);
                if (property.CanWrite)
                {
                    property.SetValue(target, nested);
                }

                continue;
            }

            try
            {
                property.SetValue(target, Convert(child, property.PropertyType));
            }
            catch (FormatException ex)
            {
                problems.Add($"{DescribeOrigin(root, child.Path)}: invalid value for '{ToHoconPath(child.Path)}': {ex.Message}");
            }
        }
    }

    private static object? Convert(IConfigurationSection section, Type type)
    {
        if (type == typeof(IReadOnlyList<string>) || type == typeof(string[]))
        {
            var items = section.GetChildren().Select(c => c.Value ?? "").ToArray();
            return items.Length == 0 && section.Value is { Length: > 0 } single ? [single] : items;
        }

        var text = section.Value;
        var underlying = Nullable.GetUnderlyingType(type);
        if (text is null)
        {
            return underlying is not null || !type.IsValueType ? null : throw new FormatException("a value is required");
        }

        type = underlying ?? type;
        if (type == typeof(string))
        {
            return text;
        }

        if (type == typeof(bool))
        {
            return HoconBoolean.TryParse(text, out var flag) ? flag : throw new FormatException($"'{text}' is not a boolean (true/false, on/off, yes/no)");
        }

        if (type == typeof(TimeSpan))
        {
            return HoconDuration.Parse(text);
        }

        if (type == typeof(int))
        {
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : throw new FormatException($"'{text}' is not a whole number");
        }

        if (type == typeof(long))
        {
            // Sizes such as 64KiB are longs too.
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : HoconSize.Parse(text);
        }

        if (type == typeof(double))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : throw new FormatException($"'{text}' is not a number");
        }

        if (type.IsEnum)
        {
            var wanted = Normalize(text);
            foreach (var name in Enum.GetNames(type))
            {
                if (Normalize(name) == wanted)
                {
                    return Enum.Parse(type, name);
                }
            }

            throw new FormatException($"'{text}' is not one of: {string.Join(", ", Enum.GetNames(type).Select(Kebab))}");
        }

        throw new FormatException($"values of type {type.Name} cannot be configured");
    }

    /// <summary>For a <c>List&lt;T&gt;</c> of options objects (a HOCON array of objects, e.g. SIP routes), its T.</summary>
    private static Type? ListElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) && IsOptionsObject(type.GetGenericArguments()[0])
            ? type.GetGenericArguments()[0]
            : null;

    private static System.Collections.IList BindList(IConfigurationRoot root, IConfigurationSection section, Type elementType, ICollection<string> problems)
    {
        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
        var items = section.GetChildren()
            .Select(c => (Index: int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1, Section: c))
            .OrderBy(c => c.Index);
        foreach (var (index, item) in items)
        {
            if (index < 0)
            {
                problems.Add($"{DescribeOrigin(root, item.Path)}: '{ToHoconPath(section.Path)}' must be a list of objects");
                continue;
            }
            var element = Activator.CreateInstance(elementType)!;
            BindObject(root, item, element, problems);
            list.Add(element);
        }
        return list;
    }

    private static bool IsOptionsObject(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && !type.IsGenericType && type.GetConstructor(Type.EmptyTypes) is not null;

    private static string Normalize(string name) =>
        new string([.. name.Where(c => c != '-' && c != '_').Select(char.ToLowerInvariant)]);

    /// <summary>DataDir → data-dir.</summary>
    public static string Kebab(string name)
    {
        var chars = new List<char>(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                chars.Add('-');
            }

            chars.Add(char.ToLowerInvariant(name[i]));
        }

        return new string([.. chars]);
    }
}
