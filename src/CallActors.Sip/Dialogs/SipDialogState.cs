namespace CallActors.Sip.Dialogs;

/// <summary>Where a dialog is in its life (RFC 3261 §12): created by a 1xx with a To tag (early) or a 2xx (confirmed).</summary>
public enum SipDialogState
{
    Early,
    Confirmed,
    Terminated,
}
