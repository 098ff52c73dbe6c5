using System.Text.Json;
using System.Text.Json.Serialization;
using Majster.Core.Time;

namespace Majster.Admin.Api;

/// <summary>
/// Instants on the wire: read as <see cref="IsoInstant"/> reads them (an explicit offset, or a 400 that says to add
/// one; up to nine fractional digits), normalised to UTC; written as the runbook's clients read them (UTC,
/// milliseconds, <c>Z</c>). The OpenAPI document describes them as <c>date-time</c> (<see cref="ApiDocument"/>).
/// </summary>
internal sealed class InstantJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            // A null where an instant is required: the request reader names the field as missing.
            throw new JsonException();
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonFieldException("must be a string with a date and time in ISO 8601 with an offset, e.g. 2026-01-03T10:00:00.000Z.");
        }

        return IsoInstant.TryParse(reader.GetString(), out var utc, out var error) ? utc : throw new JsonFieldException(error!);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(IsoInstant.Format(value));
    }
}
