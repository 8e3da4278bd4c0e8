namespace CallActors.Interop.Tests.Media;

/// <summary><paramref name="Length"/> consecutive slots from <paramref name="Index"/> that are never sent.</summary>
internal readonly record struct RtpBurstLoss(int Index, int Length);
