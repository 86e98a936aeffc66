using System;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Caching.Generators.Emitting;

/// <summary>An indent-aware text writer with <c>\n</c> line endings that produces UTF-8 <see cref="SourceText"/>.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _text = new();
    private int _indent;

    public void WriteLine(string line = "")
    {
        foreach (var part in line.Split('\n'))
        {
            if (part.Length > 0)
            {
                for (var i = 0; i < _indent; i++)
                {
                    _text.Append(IndentUnit);
                }

                _text.Append(part);
            }

            _text.Append('\n');
        }
    }

    public void OpenBlock(string header)
    {
        WriteLine(header);
        OpenBlock();
    }

    /// <summary>Opens a block with no header line, as after a line that ends in <c>=&gt;</c> or <c>new T[]</c>.</summary>
    public void OpenBlock()
    {
        WriteLine("{");
        _indent++;
    }

    public void CloseBlock(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
    }

    public override string ToString() => _text.ToString();

    public SourceText ToSourceText() => SourceText.From(_text.ToString(), Encoding.UTF8);
}
