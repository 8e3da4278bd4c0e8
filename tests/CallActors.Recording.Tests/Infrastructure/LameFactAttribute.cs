namespace CallActors.Recording.Tests.Infrastructure;

/// <summary>
/// A fact that needs the real <c>lame</c>: skipped on a developer machine without it, never skipped in CI (CI=true),
/// where <see cref="Lame.Require"/> at the start of the test fails it with the same message.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LameFactAttribute : FactAttribute
{
    public LameFactAttribute()
    {
        if (!Lame.IsCi && Lame.Find() is null)
        {
            Skip = Lame.Missing;
        }
    }
}
