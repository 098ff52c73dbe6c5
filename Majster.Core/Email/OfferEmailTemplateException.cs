namespace Majster.Core.Email;

/// <summary>The offer e-mail's template failed to render; its attempt is recorded with this type's name, which marks the kind.</summary>
public sealed class OfferEmailTemplateException(Exception inner)
    : Exception($"The offer e-mail template failed: {inner.GetType().Name}: {inner.Message}", inner);
