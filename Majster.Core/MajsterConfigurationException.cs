namespace Majster.Core;

/// <summary>A setting the app cannot start with; its message names the setting and what is wrong, in one line.</summary>
public sealed class MajsterConfigurationException(string message) : Exception(message);
