namespace Majster.Admin;

/// <summary>The UI's words: <c>Resources/UiText.resx</c> (English) and <c>Resources/UiText.pl.resx</c> (Polish).</summary>
public sealed class UiText;
