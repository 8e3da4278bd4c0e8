using CallActors.Hocon.Configuration;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace CallActors.Hocon.Tests;

public sealed class ConfigurationProviderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Nested_keys_flatten_with_colons()
    {
        var config = new ConfigurationBuilder().AddHoconString("callactors.sip { port = 5060, host = \"example.org\" }").Build();

        Assert.Equal("5060", config["callactors:sip:port"]);
        Assert.Equal("example.org", config["callactors:sip:host"]);
    }

    [Fact]
    public void Arrays_flatten_to_indexed_keys()
    {
        var config = new ConfigurationBuilder().AddHoconString("codecs = [PCMU, PCMA]\nroutes = [{ prefix = \"+1\" }]").Build();

        Assert.Equal("PCMU", config["codecs:0"]);
        Assert.Equal("PCMA", config["codecs:1"]);
        Assert.Equal("+1", config["routes:0:prefix"]);
        Assert.Equal(["PCMU", "PCMA"], config.GetSection("codecs").GetChildren().Select(c => c.Value));
    }

    [Fact]
    public void Scalars_become_invariant_strings_and_null_stays_null()
    {
        var config = new ConfigurationBuilder().AddHoconString("a = true\nb = 1.5\nc = null\nd = 1e3").Build();

        Assert.Equal("true", config["a"]);
        Assert.Equal("1.5", config["b"]);
        Assert.Null(config["c"]);
        Assert.Contains(config.AsEnumerable(), pair => pair.Key == "c");
        Assert.Equal("1e3", config["d"]);
    }

    [Fact]
    public void Empty_objects_and_arrays_are_keys_without_values()
    {
        var config = new ConfigurationBuilder().AddHoconString("a {}\nb = []").Build();

        var keys = config.AsEnumerable().Select(pair => pair.Key).ToHashSet();
        Assert.Contains("a", keys);
        Assert.Contains("b", keys);
        Assert.Null(config["a"]);
    }

    [Fact]
    public void Keys_are_case_insensitive_and_hyphens_are_kept()
    {
        var config = new ConfigurationBuilder().AddHoconString("callactors.data-dir = /var/lib/callactors").Build();

        Assert.Equal("/var/lib/callactors", config["CallActors:Data-Dir"]);
    }

    [Fact]
    public void The_provider_knows_where_each_key_was_written()
    {
        var path = _dir.Write("callactors.conf", "callactors {\n  sip {\n    port = 5060\n    codecs = [PCMU,\n      PCMA]\n  }\n}");
        var config = new ConfigurationBuilder().AddHoconFile(path).Build();
        var provider = config.Providers.OfType<HoconConfigurationProvider>().Single();

        Assert.True(provider.TryGetOrigin("callactors:sip:port", out var port));
        Assert.Equal(new HoconOrigin(path, 3, 12), port);
        Assert.True(provider.TryGetOrigin("CALLACTORS:SIP:CODECS:1", out var codec));
        Assert.Equal(new HoconOrigin(path, 5, 7), codec);
        Assert.True(provider.TryGetOrigin("callactors:sip", out var section));
        Assert.Equal(new HoconOrigin(path, 2, 7), section);
        Assert.False(provider.TryGetOrigin("callactors:sip:prot", out _));
    }

    [Fact]
    public void Layers_merge_in_order_and_substitutions_resolve_across_them()
    {
        var defaults = _dir.Write("callactors.conf", """
            callactors {
              data-dir = /var/lib/callactors
              journal = ${callactors.data-dir}"/journal.db"
              sip.port = 5060
            }
            """);
        var user = _dir.Write("user.conf", "callactors.data-dir = /tmp/ca");

        var config = new ConfigurationBuilder()
            .AddHocon(new HoconFileLayer(defaults), new HoconFileLayer(user), new HoconTextLayer("callactors.sip.port = 5070", "--set"))
            .Build();

        Assert.Equal("/tmp/ca/journal.db", config["callactors:journal"]);
        Assert.Equal("5070", config["callactors:sip:port"]);
        Assert.True(config.TryGetHoconOrigin("callactors:sip:port", out var origin));
        Assert.Equal(new HoconOrigin("--set", 1, 23), origin);
        Assert.True(config.TryGetHoconOrigin("callactors:data-dir", out var dataDir));
        Assert.Equal(new HoconOrigin(user, 1, 23), dataDir);
    }

    [Fact]
    public void A_missing_optional_file_contributes_nothing()
    {
        var config = new ConfigurationBuilder()
            .AddHoconString("a = 1")
            .AddHoconFile(Path.Combine(_dir.Path, "absent.conf"), optional: true)
            .Build();

        Assert.Equal("1", config["a"]);
    }

    [Fact]
    public void A_missing_required_file_fails_the_build()
    {
        var builder = new ConfigurationBuilder().AddHoconFile(Path.Combine(_dir.Path, "absent.conf"));

        Assert.Throws<FileNotFoundException>(() => builder.Build());
    }

    [Fact]
    public void A_syntax_error_fails_the_build_with_its_location()
    {
        var builder = new ConfigurationBuilder().AddHoconString("a = ,", "node.conf");

        Assert.StartsWith("node.conf:1:5: ", Assert.Throws<HoconException>(() => builder.Build()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hocon_origin_is_reported_only_when_hocon_supplies_the_value()
    {
        var config = new ConfigurationBuilder()
            .AddHoconString("a = 1\nb = 2", "node.conf")
            .AddInMemoryCollection(new Dictionary<string, string?> { ["b"] = "override" })
            .Build();

        Assert.True(config.TryGetHoconOrigin("a", out var origin));
        Assert.Equal(new HoconOrigin("node.conf", 1, 5), origin);
        Assert.False(config.TryGetHoconOrigin("b", out _));
        Assert.False(config.TryGetHoconOrigin("c", out _));
    }
}
