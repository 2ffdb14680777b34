using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;

namespace IdpTracker.ServiceDefaults;

/// <summary>
/// What any text the system takes in may hold. A NUL, another control character or half of a surrogate pair is never
/// part of a name, a place or a note; PostgreSQL refuses NUL outright, and the others break exports, logs and screens.
/// Line breaks and tabs are left to the fields that allow them.
/// </summary>
public static class PlainText
{
    public const string ControlCharacters = "Remove the control characters (such as NUL) from this text.";
    public const string Invisible = "This text has no visible letter or digit.";

    public static bool HasControlCharacters(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) return true;
            if (char.IsHighSurrogate(c) && (i + 1 == text.Length || !char.IsLowSurrogate(text[++i]))) return true;
            if (char.IsLowSurrogate(c)) return true;
        }
        return false;
    }

    /// <summary>A code or name made only of direction marks, zero-width spaces or a byte-order mark shows as nothing.</summary>
    public static bool HasVisibleCharacter(string text) => text.Any(char.IsLetterOrDigit);

    /// <summary>The shared rule for a text field: at most <paramref name="maxLength"/> characters and no control characters.</summary>
    public static IRuleBuilderOptions<T, string?> Text<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength).Must(text => text is null || !HasControlCharacters(text)).WithMessage(ControlCharacters);

    /// <summary>Refuses text with control characters while a request body is read, whatever endpoint it is for.</summary>
    public sealed class JsonConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return text is not null && HasControlCharacters(text) ? throw new InvalidTextException(ControlCharacters) : text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}

/// <summary>Text in a request body that no field accepts; its message is what the client is told.</summary>
public sealed class InvalidTextException(string message) : JsonException(message);
