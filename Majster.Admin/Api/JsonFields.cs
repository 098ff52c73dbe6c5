using System.Text.Json;
using Majster.Core.Time;

namespace Majster.Admin.Api;

/// <summary>
/// Typed access to the fields of a JSON object body; the first problem is kept in <see cref="Error"/>. Unknown
/// fields are ignored; a null counts as absent; a value of the wrong type is an error naming the field.
/// </summary>
internal sealed class JsonFields(JsonElement body)
{
    public string? Error { get; private set; }

    public Guid RequiredGuid(string name)
    {
        var text = RequiredString(name);
        if (text is null)
        {
            return Guid.Empty;
        }

        if (!Guid.TryParseExact(text, "D", out var id))
        {
            Fail($"{name} must be a UUID.");
        }

        return id;
    }

    public string? RequiredString(string name)
    {
        var value = OptionalString(name);
        if (value is null)
        {
            Fail($"{name} is required.");
        }

        return value;
    }

    public string? OptionalString(string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail($"{name} must be a string.");
            return null;
        }

        return value.GetString();
    }

    /// <summary>An instant with an explicit offset (<see cref="IsoInstant"/>), normalised to UTC.</summary>
    public DateTimeOffset? OptionalInstant(string name)
    {
        var text = OptionalString(name);
        if (text is null)
        {
            return null;
        }

        if (!IsoInstant.TryParse(text, out var utc, out var error))
        {
            Fail($"{name}: {error}");
            return null;
        }

        return utc;
    }

    public DateTimeOffset RequiredInstant(string name)
    {
        if (RequiredString(name) is null)
        {
            return default;
        }

        return OptionalInstant(name) ?? default;
    }

    public decimal RequiredDecimal(string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Fail($"{name} is required.");
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
        {
            Fail($"{name} must be a number.");
            return 0;
        }

        return number;
    }

    private void Fail(string error) => Error ??= error;
}
