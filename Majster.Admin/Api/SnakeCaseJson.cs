using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Majster.Admin.Api;

/// <summary>
/// Writes and reads a value of <typeparamref name="T"/> under snake_case names, with the surrounding options otherwise
/// (converters, encoder, null handling): the property that carries it answers a contract's column names while the
/// type answers camelCase everywhere else. <see cref="ApiDocument"/> describes such a property the same way, as a
/// schema named after the subclass.
/// </summary>
internal abstract class SnakeCaseJson<T> : JsonConverter<T>, ISnakeCaseJson
{
    /// <summary>Properties (by their snake_case names) the contract does not have: left out of the value and its schema.</summary>
    public virtual IReadOnlyCollection<string> LeftOut => [];

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<T>(ref reader, SnakeCaseJson.Options(options));

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        if (LeftOut.Count == 0)
        {
            JsonSerializer.Serialize(writer, value, SnakeCaseJson.Options(options));
            return;
        }

        var written = JsonSerializer.SerializeToNode(value, SnakeCaseJson.Options(options))!.AsObject();
        foreach (var name in LeftOut)
        {
            written.Remove(name);
        }

        written.WriteTo(writer, options);
    }
}

/// <summary>What <see cref="ApiDocument"/> reads of a <see cref="SnakeCaseJson{T}"/> whatever its type.</summary>
internal interface ISnakeCaseJson
{
    IReadOnlyCollection<string> LeftOut { get; }
}

internal static class SnakeCaseJson
{
    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> SnakeCase = [];

    /// <summary>Whether <paramref name="converter"/> writes its value under snake_case names.</summary>
    public static bool Writes(JsonConverter? converter) =>
        converter?.GetType().BaseType is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(SnakeCaseJson<>);

    /// <summary><paramref name="options"/> with snake_case property names, made once per options.</summary>
    public static JsonSerializerOptions Options(JsonSerializerOptions options) =>
        SnakeCase.GetValue(options, o => new JsonSerializerOptions(o) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });

    public static string Name(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
