using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MlCodeGuard.Analyzers.Semantics.Contract;

/// <summary>One column of a manifest schema, as <c>ModelPackage.DescribeColumn</c> writes it.</summary>
internal sealed class ManifestColumn : IEquatable<ManifestColumn>
{
    public ManifestColumn(string name, string itemType, bool isVector, int? vectorSize, bool isKey)
    {
        Name = name;
        ItemType = itemType;
        IsVector = isVector;
        VectorSize = vectorSize;
        IsKey = isKey;
    }

    public string Name { get; }

    /// <summary><c>Single</c>, <c>Text</c>, <c>Key&lt;UInt32&gt;</c>, ...</summary>
    public string ItemType { get; }

    public bool IsVector { get; }

    /// <summary>0 for a variable-size vector, null for a scalar.</summary>
    public int? VectorSize { get; }

    public bool IsKey { get; }

    /// <summary>The same text as the runtime's <c>SchemaColumn.Describe()</c> (without the key count).</summary>
    public string Describe() => IsVector ? "Vector<" + ItemType + ", " + (VectorSize is > 0 ? VectorSize.Value.ToString(CultureInfo.InvariantCulture) : "?") + ">" : ItemType;

    public bool Equals(ManifestColumn? other)
        => other is not null && Name == other.Name && ItemType == other.ItemType && IsVector == other.IsVector
           && VectorSize == other.VectorSize && IsKey == other.IsKey;

    public override bool Equals(object? obj) => Equals(obj as ManifestColumn);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name) ^ StringComparer.Ordinal.GetHashCode(ItemType);
}

/// <summary>
/// What the compiler extensions need from a <c>&lt;model&gt;.manifest.json</c>: name, version and the two schemas.
/// Read with a small JSON reader of its own: an analyzer cannot carry System.Text.Json into every compiler host.
/// </summary>
internal sealed class ManifestSummary
{
    private ManifestSummary(string? name, string? version, IReadOnlyList<ManifestColumn> input, IReadOnlyList<ManifestColumn> output)
    {
        Name = name;
        Version = version;
        InputSchema = input;
        OutputSchema = output;
    }

    public string? Name { get; }

    public string? Version { get; }

    public IReadOnlyList<ManifestColumn> InputSchema { get; }

    public IReadOnlyList<ManifestColumn> OutputSchema { get; }

    /// <summary>Parses a manifest; <see langword="null"/> when the text is not a JSON object.</summary>
    public static ManifestSummary? TryParse(string text)
    {
        object? root;
        try
        {
            root = new JsonReader(text).ReadDocument();
        }
        catch (FormatException)
        {
            return null;
        }

        if (root is not Dictionary<string, object?> obj)
        {
            return null;
        }

        return new ManifestSummary(
            Get(obj, "name") as string,
            Get(obj, "version") as string,
            Columns(Get(obj, "inputSchema")),
            Columns(Get(obj, "outputSchema")));
    }

    private static IReadOnlyList<ManifestColumn> Columns(object? value)
    {
        var columns = new List<ManifestColumn>();
        if (value is List<object?> items)
        {
            foreach (var item in items)
            {
                if (item is Dictionary<string, object?> c && Get(c, "name") is string name)
                {
                    var size = Get(c, "vectorSize") is double d ? (int?)(int)d : null;
                    columns.Add(new ManifestColumn(
                        name,
                        Get(c, "itemType") as string ?? string.Empty,
                        Get(c, "isVector") is true,
                        size,
                        Get(c, "isKey") is true));
                }
            }
        }

        return columns;
    }

    // The runtime writes camelCase (JsonSerializerDefaults.Web), which also reads case-insensitively: do the same.
    private static object? Get(Dictionary<string, object?> obj, string name)
    {
        if (obj.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var pair in obj)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>Objects become ordinal dictionaries, arrays lists, numbers doubles; throws FormatException on bad input.</summary>
    private ref struct JsonReader
    {
        private readonly string _text;
        private int _pos;
        private int _depth;

        public JsonReader(string text)
        {
            _text = text;
            _pos = 0;
            _depth = 0;
        }

        public object? ReadDocument()
        {
            var value = ReadValue();
            SkipWhitespace();
            if (_pos != _text.Length)
            {
                throw new FormatException("trailing characters");
            }

            return value;
        }

        private object? ReadValue()
        {
            SkipWhitespace();
            if (_pos >= _text.Length)
            {
                throw new FormatException("unexpected end");
            }

            switch (_text[_pos])
            {
                case '{':
                    return ReadObject();
                case '[':
                    return ReadArray();
                case '"':
                    return ReadString();
                case 't':
                    Expect("true");
                    return true;
                case 'f':
                    Expect("false");
                    return false;
                case 'n':
                    Expect("null");
                    return null;
                default:
                    return ReadNumber();
            }
        }

        private Dictionary<string, object?> ReadObject()
        {
            Enter();
            _pos++;
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            SkipWhitespace();
            if (Peek() == '}')
            {
                _pos++;
                _depth--;
                return result;
            }

            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"')
                {
                    throw new FormatException("expected a property name");
                }

                var key = ReadString();
                SkipWhitespace();
                if (Peek() != ':')
                {
                    throw new FormatException("expected ':'");
                }

                _pos++;
                result[key] = ReadValue();
                SkipWhitespace();
                var c = Peek();
                _pos++;
                if (c == '}')
                {
                    _depth--;
                    return result;
                }

                if (c != ',')
                {
                    throw new FormatException("expected ',' or '}'");
                }
            }
        }

        private List<object?> ReadArray()
        {
            Enter();
            _pos++;
            var result = new List<object?>();
            SkipWhitespace();
            if (Peek() == ']')
            {
                _pos++;
                _depth--;
                return result;
            }

            while (true)
            {
                result.Add(ReadValue());
                SkipWhitespace();
                var c = Peek();
                _pos++;
                if (c == ']')
                {
                    _depth--;
                    return result;
                }

                if (c != ',')
                {
                    throw new FormatException("expected ',' or ']'");
                }
            }
        }

        private string ReadString()
        {
            _pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw new FormatException("unterminated string");
                }

                var c = _text[_pos++];
                if (c == '"')
                {
                    return sb.ToString();
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                var e = Peek();
                _pos++;
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length
                            || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            throw new FormatException("bad \\u escape");
                        }

                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    default:
                        throw new FormatException("bad escape");
                }
            }
        }

        private double ReadNumber()
        {
            var start = _pos;
            while (_pos < _text.Length && "+-0123456789.eE".IndexOf(_text[_pos]) >= 0)
            {
                _pos++;
            }

            if (!double.TryParse(_text.Substring(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException("bad number");
            }

            return value;
        }

        private void Expect(string word)
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
            {
                throw new FormatException("unexpected token");
            }

            _pos += word.Length;
        }

        private void Enter()
        {
            // A hostile or broken file must not overflow the compiler's stack.
            if (++_depth > 64)
            {
                throw new FormatException("nested too deeply");
            }
        }

        private char Peek() => _pos < _text.Length ? _text[_pos] : throw new FormatException("unexpected end");

        private void SkipWhitespace()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
            {
                _pos++;
            }
        }
    }
}
