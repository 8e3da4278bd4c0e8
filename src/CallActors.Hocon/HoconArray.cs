namespace CallActors.Hocon;

/// <summary>A resolved HOCON array.</summary>
public sealed class HoconArray : HoconValue
{
    internal HoconArray(HoconOrigin origin, IReadOnlyList<HoconValue> items)
        : base(origin) => Items = items;

    public IReadOnlyList<HoconValue> Items { get; }

    internal override string Description => "an array";

    internal override HoconValue WithOrigin(HoconOrigin origin) => new HoconArray(origin, Items);
}
