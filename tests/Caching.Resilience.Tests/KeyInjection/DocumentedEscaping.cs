using System.Text;

namespace Caching.Resilience.Tests.KeyInjection;

/// <summary>
/// The escaping of hole values as docs/design/keys-and-entries.md states it, written from the page rather than
/// from the code: <c>% : { } * ? [ ] \ #</c>, space and control characters become <c>%XX</c> (upper-case hex), an
/// unpaired surrogate becomes <c>%uXXXX</c>, other characters are kept, and <c>null</c> is <c>%N</c>.
/// </summary>
internal static class DocumentedEscaping
{
    public static string Escape(string? value)
    {
        if (value is null)
        {
            return "%N";
        }

        var escaped = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                escaped.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                escaped.Append("%u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (c < 0x20 || c == 0x7F || "%:{}*?[]\\# ".Contains(c))
            {
                escaped.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
