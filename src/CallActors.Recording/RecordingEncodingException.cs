namespace CallActors.Recording;

/// <summary>A recording could not be encoded: the encoder program is missing or failed (its error output is the message).</summary>
public sealed class RecordingEncodingException(string message, Exception? inner = null) : Exception(message, inner);
