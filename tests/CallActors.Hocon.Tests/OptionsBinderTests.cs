using CallActors.Hocon.Configuration;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace CallActors.Hocon.Tests;

public sealed class OptionsBinderTests
{
    [Fact]
    public void A_list_of_objects_binds_in_order_past_ten_items()
    {
        var items = string.Join(", ", Enumerable.Range(0, 12).Select(i => $"{{ name = r{i}, ring-timeout = {i + 1}s }}"));
        var config = new ConfigurationBuilder().AddHoconString($"app {{ routes = [{items}] }}").Build();
        var problems = new List<string>();

        var bound = HoconOptionsBinder.Bind<AppOptions>(config, "app", problems);

        Assert.Empty(problems);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"r{i}"), bound.Routes.Select(r => r.Name));
        Assert.Equal(TimeSpan.FromSeconds(12), bound.Routes[11].RingTimeout);
    }

    [Fact]
    public void An_unknown_key_inside_a_list_item_is_reported_with_its_path()
    {
        var config = new ConfigurationBuilder().AddHoconString("app { routes = [{ name = a }, { nmae = b }] }").Build();
        var problems = new List<string>();

        HoconOptionsBinder.Bind<AppOptions>(config, "app", problems);

        var problem = Assert.Single(problems);
        Assert.Contains("unknown key 'app.routes.1.nmae'", problem, StringComparison.Ordinal);
    }

    private sealed class AppOptions
    {
        public List<RouteOptions> Routes { get; set; } = [];
    }

    private sealed class RouteOptions
    {
        public string Name { get; set; } = "";

        public TimeSpan RingTimeout { get; set; }
    }
}
