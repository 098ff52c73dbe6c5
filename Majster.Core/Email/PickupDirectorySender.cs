using Microsoft.Extensions.Logging;
using MimeKit;

namespace Majster.Core.Email;

/// <summary>
/// The embedded default when no SMTP host is configured: each message is written as <c>{offer send id}.eml</c>
/// to a pickup folder (atomically: written aside, then moved in), with the same MIME content as over SMTP.
/// </summary>
public sealed partial class PickupDirectorySender(string directory, OfferEmailComposer composer, ILogger<PickupDirectorySender> logger) : IOfferEmailSender
{
    public string Directory { get; } = System.IO.Directory.CreateDirectory(directory).FullName;

    public async Task<DeliveryResult> SendAsync(OfferEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var message = await composer.ComposeAsync(email);
        var target = Path.Combine(Directory, $"{email.OfferSendId:D}.eml");
        var temporary = Path.Combine(Directory, $".{email.OfferSendId:D}.{Guid.NewGuid():N}.tmp");
        try
        {
            await message.WriteToAsync(FormatOptions.Default, temporary, cancellationToken);
            File.Move(temporary, target, overwrite: true);
            return DeliveryResult.Delivered;
        }
        catch (IOException exception)
        {
            DeleteQuietly(temporary);
            LogWriteFailed(logger, target, exception.Message);
            return DeliveryResult.Transient($"Could not write {target}: {exception.Message}", Offers.FailureKind.OutboxNotWritable);
        }
    }

    /// <summary>The folder itself may be what is gone, and then so is the temporary file.</summary>
    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Path}: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, string path, string error);
}
