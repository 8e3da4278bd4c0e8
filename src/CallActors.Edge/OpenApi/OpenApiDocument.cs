using System.Text.Json.Nodes;
using CallActors.Edge.Crossbar;

namespace CallActors.Edge.OpenApi;

/// <summary>Builds the OpenAPI 3.0 description of the routes of the modules running now (<c>GET /v2/openapi.json</c>):
/// a stopped module's routes disappear from it, a started one's appear.</summary>
public static class OpenApiDocument
{
    public static JsonObject Build(IReadOnlyList<CrossbarModule> running, string version, string node)
    {
        ArgumentNullException.ThrowIfNull(running);
        var paths = new JsonObject();
        foreach (var module in running)
        {
            foreach (var route in module.Routes)
            {
                var template = module.Template(route);
                if (paths[template] is not JsonObject item)
                {
                    item = new JsonObject();
                    paths[template] = item;
                }
                item[route.Method.ToLowerInvariant()] = Operation(module, route, template);
            }
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "CallActors API",
                ["version"] = version,
                ["description"] = $"Crossbar-style API of node {node}. Every answer is an envelope: data, status, request_id, auth_token, revision, timestamp, node; errors add error and message.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["auth_token"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Auth-Token" },
                },
            },
            ["security"] = new JsonArray(new JsonObject { ["auth_token"] = new JsonArray() }),
            ["paths"] = paths,
        };
    }

    private static JsonObject Operation(CrossbarModule module, CrossbarRoute route, string template)
    {
        var parameters = new JsonArray();
        foreach (var segment in template.Split('/'))
        {
            if (Identifiers.IsPlaceholder(segment))
            {
                parameters.Add(new JsonObject { ["name"] = segment[1..^1], ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
            }
        }
        foreach (var (name, description) in route.Query)
        {
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "query", ["required"] = false, ["description"] = description, ["schema"] = new JsonObject { ["type"] = "string" } });
        }
        if (route.Paginated)
        {
            parameters.Add(new JsonObject { ["name"] = "page_size", ["in"] = "query", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 } });
            parameters.Add(new JsonObject { ["name"] = "start_key", ["in"] = "query", ["required"] = false, ["description"] = "next_start_key of the previous page.", ["schema"] = new JsonObject { ["type"] = "string" } });
        }
        var responses = new JsonObject
        {
            [route.Method == "PUT" ? "201" : "200"] = new JsonObject { ["description"] = "Success envelope." },
            ["400"] = new JsonObject { ["description"] = "Invalid query parameter or body." },
            ["404"] = new JsonObject { ["description"] = "Unknown or foreign id, or the module is stopped." },
            ["405"] = new JsonObject { ["description"] = "Method not allowed (see the Allow header)." },
        };
        if (!route.Anonymous)
        {
            responses["401"] = new JsonObject { ["description"] = "Missing, invalid or expired X-Auth-Token." };
        }
        var operation = new JsonObject
        {
            ["operationId"] = $"{module.Name}.{route.Method.ToLowerInvariant()}.{(route.Path.Length == 0 ? "collection" : route.Path.Replace("/", ".", StringComparison.Ordinal).Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal).ToLowerInvariant())}",
            ["summary"] = route.Summary,
            ["tags"] = new JsonArray(module.Name),
            ["parameters"] = parameters,
            ["responses"] = responses,
        };
        if (route.HasBody)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = !route.BodyOptional,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object", ["required"] = new JsonArray("data"), ["properties"] = new JsonObject { ["data"] = new JsonObject { ["type"] = "object" } } } } },
            };
        }
        if (route.Anonymous)
        {
            operation["security"] = new JsonArray();
        }
        return operation;
    }
}
