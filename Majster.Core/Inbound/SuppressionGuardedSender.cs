using Majster.Core.Email;

namespace Majster.Core.Inbound;

/// <summary>
/// The last look before a send leaves: an address suppressed after the send was made due (another send to it bounced
/// meanwhile) is refused for good without asking the mail server. The suppression check of people's actions is in
/// <c>OfferSendService</c>; this one only catches what changed since.
/// </summary>
public sealed class SuppressionGuardedSender(IOfferEmailSender inner, SuppressionList suppressions) : IOfferEmailSender, IAsyncDisposable
{
    public async Task<DeliveryResult> SendAsync(OfferEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        return await suppressions.FindAsync(email.ClientEmail, cancellationToken) is { } suppression
            ? DeliveryResult.Permanent(suppression.Explain())
            : await inner.SendAsync(email, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        switch (inner)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
