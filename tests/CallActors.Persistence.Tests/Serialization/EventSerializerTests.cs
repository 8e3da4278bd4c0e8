using System.Text;
using System.Text.Json;
using CallActors.Persistence.Serialization;

namespace CallActors.Persistence.Tests.Serialization;

public sealed class EventSerializerTests
{
    [Fact]
    public void A_positional_record_round_trips_with_nested_records_lists_enums_and_times()
    {
        var serializer = new EventSerializer().RegisterAssemblies(typeof(EventSerializerTests).Assembly);
        var started = new CallStarted(
            "c-42",
            new Party("alice", "+4930123"),
            [new Party("bob", null)],
            Direction.Inbound,
            new DateTimeOffset(2024, 5, 17, 10, 11, 12, 345, TimeSpan.FromHours(2)),
            TimeSpan.FromSeconds(90.5));

        var (manifest, payload) = serializer.Serialize(started);
        var back = (CallStarted)serializer.Deserialize(manifest, payload);

        Assert.Equal("call-started", manifest);
        Assert.Equal(started with { Callees = back.Callees }, back);
        Assert.Equal(started.Callees, back.Callees);
    }

    [Fact]
    public void Json_uses_camel_case_names_and_enum_names()
    {
        var serializer = new EventSerializer();

        var (_, payload) = serializer.Serialize(new CallEnded("c-1", Direction.Outbound, 3));

        Assert.Equal("""{"callId":"c-1","direction":"outbound","legs":3}""", Encoding.UTF8.GetString(payload));
    }

    [Fact]
    public void Manifest_comes_from_the_attribute_then_registration_then_full_type_name()
    {
        var serializer = new EventSerializer().Register<CallEnded>("call-ended");

        Assert.Equal("call-started", serializer.GetManifest(typeof(CallStarted)));
        Assert.Equal("call-ended", serializer.GetManifest(typeof(CallEnded)));
        Assert.Equal(typeof(Unnamed).FullName, serializer.GetManifest(typeof(Unnamed)));
    }

    [Fact]
    public void Attribute_scan_registers_types_before_they_are_ever_serialized()
    {
        var serializer = new EventSerializer().RegisterAssemblies(typeof(EventSerializerTests).Assembly);

        var back = serializer.Deserialize("call-started", """{"callId":"c-9","caller":{"user":"a","number":null},"callees":[],"direction":"inbound"}"""u8);

        Assert.Equal("c-9", Assert.IsType<CallStarted>(back).CallId);
    }

    [Fact]
    public void A_type_without_manifest_is_found_by_full_name_in_a_fresh_serializer()
    {
        var (manifest, payload) = new EventSerializer().Serialize(new Unnamed(7));

        // A new process: nothing serialized or registered yet.
        var back = new EventSerializer().Deserialize(manifest, payload);

        Assert.Equal(new Unnamed(7), back);
    }

    [Fact]
    public void An_unknown_manifest_fails_naming_it()
    {
        var serializer = new EventSerializer().RegisterAssemblies(typeof(EventSerializerTests).Assembly);

        var error = Assert.Throws<UnknownManifestException>(() => serializer.Deserialize("call-teleported", "{}"u8));

        Assert.Equal("call-teleported", error.Manifest);
        Assert.Contains("'call-teleported'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_payload_that_does_not_fit_fails_naming_the_manifest()
    {
        var serializer = new EventSerializer().Register<CallEnded>("call-ended");

        var error = Assert.Throws<JsonException>(() => serializer.Deserialize("call-ended", """{"legs":"many"}"""u8));

        Assert.Contains("'call-ended'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_manifest_cannot_name_two_types_nor_one_type_two_manifests()
    {
        var serializer = new EventSerializer().Register<CallEnded>("call-ended");

        Assert.Throws<ArgumentException>(() => serializer.Register<Unnamed>("call-ended"));
        Assert.Throws<ArgumentException>(() => serializer.Register<CallEnded>("call-finished"));
        serializer.Register<CallEnded>("call-ended");
    }

    public enum Direction
    {
        Inbound,
        Outbound,
    }

    [PersistentManifest("call-started")]
    public sealed record CallStarted(
        string CallId,
        Party Caller,
        IReadOnlyList<Party> Callees,
        Direction Direction,
        DateTimeOffset At = default,
        TimeSpan RingTimeout = default);

    public sealed record Party(string User, string? Number);

    public sealed record CallEnded(string CallId, Direction Direction, int Legs);

    public sealed record Unnamed(int Value);
}
