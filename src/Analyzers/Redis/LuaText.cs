using System;
using System.Collections.Generic;

namespace Caching.Analyzers.Redis;

/// <summary>
/// A small Lua lexer for the REDIS009 checks: it skips comments and strings (short, long and escaped) so that text
/// in them is never read as code, and finds <c>redis.call(...)</c> and <c>redis.pcall(...)</c> whose command
/// names a key as its first argument.
/// </summary>
internal static class LuaText
{
    /// <summary>Commands whose first argument is a key (the common ones a cache or lock script uses).</summary>
    private static readonly HashSet<string> KeyCommands = new(StringComparer.OrdinalIgnoreCase)
    {
        "APPEND", "BITCOUNT", "DECR", "DECRBY", "DEL", "DUMP", "EXISTS", "EXPIRE", "EXPIREAT", "EXPIRETIME",
        "GET", "GETBIT", "GETDEL", "GETEX", "GETRANGE", "GETSET", "HDEL", "HEXISTS", "HEXPIRE", "HGET", "HGETALL",
        "HINCRBY", "HINCRBYFLOAT", "HKEYS", "HLEN", "HMGET", "HMSET", "HSET", "HSETNX", "HSTRLEN", "HVALS", "INCR",
        "INCRBY", "INCRBYFLOAT", "LINDEX", "LINSERT", "LLEN", "LPOP", "LPUSH", "LPUSHX", "LRANGE", "LREM", "LSET",
        "LTRIM", "MGET", "PERSIST", "PEXPIRE", "PEXPIREAT", "PEXPIRETIME", "PFADD", "PFCOUNT", "PSETEX", "PTTL",
        "RPOP", "RPUSH", "RPUSHX", "SADD", "SCARD", "SET", "SETBIT", "SETEX", "SETNX", "SETRANGE", "SISMEMBER",
        "SMEMBERS", "SMISMEMBER", "SPOP", "SRANDMEMBER", "SREM", "STRLEN", "TOUCH", "TTL", "TYPE", "UNLINK",
        "XADD", "XLEN", "XRANGE", "XTRIM", "ZADD", "ZCARD", "ZCOUNT", "ZINCRBY", "ZRANGE", "ZRANGEBYSCORE", "ZRANK",
        "ZREM", "ZREMRANGEBYRANK", "ZREMRANGEBYSCORE", "ZREVRANGE", "ZREVRANK", "ZSCORE",
    };

    private enum TokenKind
    {
        Name,
        String,
        Number,
        Symbol,
    }

    /// <summary>The text of the first <c>KEYS[...]</c> the script reads, or null when it reads none.</summary>
    public static string? FirstKeysRead(string script)
    {
        var tokens = Tokenize(script);
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].Is(TokenKind.Name, "KEYS") && tokens[i + 1].Is(TokenKind.Symbol, "[") && !IsMemberName(tokens, i))
            {
                var end = Matching(tokens, i + 1);
                return end < 0 ? "KEYS" : script.Substring(tokens[i].Start, tokens[end].End - tokens[i].Start);
            }
        }

        return null;
    }

    /// <summary>
    /// The first <c>redis.call</c>/<c>redis.pcall</c> whose key argument is a string literal, a concatenation or
    /// <c>ARGV[n]</c>, as its source text (<c>redis.call('GET', 'user:1')</c>); null when there is none. Arguments
    /// that are locals or <c>KEYS[n]</c>, and LuaScript <c>@name</c> parameters, are not reported.
    /// </summary>
    public static string? FirstUndeclaredKey(string script)
    {
        foreach (var call in KeyCalls(script))
        {
            if (IsUndeclared(call.Tokens, call.First, call.Last))
            {
                return call.Text;
            }
        }

        return null;
    }

    /// <summary>
    /// The key commands of a LuaScript text whose key is exactly one <c>@name</c> parameter, as (call text, name):
    /// LuaScript passes a parameter in KEYS only when its member is a RedisKey.
    /// </summary>
    public static IEnumerable<(string Call, string Parameter)> ParameterKeys(string script)
    {
        foreach (var call in KeyCalls(script))
        {
            if (call.Last == call.First + 1 && call.Tokens[call.First].Is(TokenKind.Symbol, "@") && call.Tokens[call.Last].Kind == TokenKind.Name)
            {
                yield return (call.Text, call.Tokens[call.Last].Text);
            }
        }
    }

    /// <summary>Every <c>redis.call</c>/<c>redis.pcall</c> of a key command, with the token range of its key argument.</summary>
    private static IEnumerable<KeyCall> KeyCalls(string script)
    {
        var tokens = Tokenize(script);
        for (var i = 0; i + 5 < tokens.Count; i++)
        {
            if (!tokens[i].Is(TokenKind.Name, "redis")
                || IsMemberName(tokens, i)
                || !tokens[i + 1].Is(TokenKind.Symbol, ".")
                || !(tokens[i + 2].Is(TokenKind.Name, "call") || tokens[i + 2].Is(TokenKind.Name, "pcall"))
                || !tokens[i + 3].Is(TokenKind.Symbol, "(")
                || tokens[i + 4].Kind != TokenKind.String
                || !KeyCommands.Contains(tokens[i + 4].Value)
                || !tokens[i + 5].Is(TokenKind.Symbol, ","))
            {
                continue;
            }

            var first = i + 6;
            var last = ArgumentEnd(tokens, first);
            if (last < first)
            {
                continue;
            }

            var text = script.Substring(tokens[i].Start, tokens[i + 5].End - tokens[i].Start) + " "
                + script.Substring(tokens[first].Start, tokens[last].End - tokens[first].Start) + (last + 1 < tokens.Count && tokens[last + 1].Is(TokenKind.Symbol, ")") ? ")" : ", ...)");
            yield return new KeyCall(tokens, first, last, text);
        }
    }

    private static bool IsUndeclared(List<Token> tokens, int first, int last)
    {
        if (first == last)
        {
            return tokens[first].Kind == TokenKind.String;
        }

        if (tokens[first].Is(TokenKind.Name, "ARGV") && tokens[first + 1].Is(TokenKind.Symbol, "[") && Matching(tokens, first + 1) == last)
        {
            return true;
        }

        // A concatenation at the top level of the argument: the key name is computed in the script.
        var depth = 0;
        for (var i = first; i <= last; i++)
        {
            var token = tokens[i];
            if (token.Is(TokenKind.Symbol, "(") || token.Is(TokenKind.Symbol, "[") || token.Is(TokenKind.Symbol, "{"))
            {
                depth++;
            }
            else if (token.Is(TokenKind.Symbol, ")") || token.Is(TokenKind.Symbol, "]") || token.Is(TokenKind.Symbol, "}"))
            {
                depth--;
            }
            else if (depth == 0 && token.Is(TokenKind.Symbol, ".."))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index of the last token of the argument starting at <paramref name="first"/> (before a top-level <c>,</c> or the closing <c>)</c>).</summary>
    private static int ArgumentEnd(List<Token> tokens, int first)
    {
        var depth = 0;
        for (var i = first; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.Symbol)
            {
                if (token.Text is "(" or "[" or "{")
                {
                    depth++;
                }
                else if (token.Text is ")" or "]" or "}")
                {
                    if (depth == 0)
                    {
                        return i - 1;
                    }

                    depth--;
                }
                else if (token.Text == "," && depth == 0)
                {
                    return i - 1;
                }
            }
        }

        return -1;
    }

    private static int Matching(List<Token> tokens, int open)
    {
        var depth = 0;
        for (var i = open; i < tokens.Count; i++)
        {
            if (tokens[i].Is(TokenKind.Symbol, "["))
            {
                depth++;
            }
            else if (tokens[i].Is(TokenKind.Symbol, "]") && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True for <c>x.redis</c> or <c>x:KEYS</c>: a member name, not the global.</summary>
    private static bool IsMemberName(List<Token> tokens, int index)
        => index > 0 && (tokens[index - 1].Is(TokenKind.Symbol, ".") || tokens[index - 1].Is(TokenKind.Symbol, ":"));

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && At(text, i + 1) == '-')
            {
                i += 2;
                if (LongBracketLevel(text, i) is { } level)
                {
                    i = LongBracketEnd(text, i, level);
                }
                else
                {
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }
                }
            }
            else if (c == '[' && LongBracketLevel(text, i) is { } level)
            {
                var end = LongBracketEnd(text, i, level);
                var open = level + 2;
                var close = end - i >= open * 2 ? end - open : end;
                tokens.Add(new Token(TokenKind.String, text.Substring(i, end - i), text.Substring(i + open, Math.Max(0, close - i - open)), i, end));
                i = end;
            }
            else if (c == '\'' || c == '"')
            {
                var start = i++;
                var value = new System.Text.StringBuilder();
                while (i < text.Length && text[i] != c && text[i] != '\n')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i]);
                    i++;
                }

                i = Math.Min(i + 1, text.Length);
                tokens.Add(new Token(TokenKind.String, text.Substring(start, i - start), value.ToString(), start, i));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                var name = text.Substring(start, i - start);
                tokens.Add(new Token(TokenKind.Name, name, name, start, i));
            }
            else if (char.IsDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '.' || text[i] == '_'))
                {
                    i++;
                }

                var number = text.Substring(start, i - start);
                tokens.Add(new Token(TokenKind.Number, number, number, start, i));
            }
            else
            {
                var start = i;
                var length = c == '.' && At(text, i + 1) == '.' ? (At(text, i + 2) == '.' ? 3 : 2) : 1;
                i += length;
                var symbol = text.Substring(start, length);
                tokens.Add(new Token(TokenKind.Symbol, symbol, symbol, start, i));
            }
        }

        return tokens;
    }

    private static char At(string text, int index) => index < text.Length ? text[index] : '\0';

    /// <summary>The level of a long bracket <c>[==[</c> opening at <paramref name="index"/>, or null.</summary>
    private static int? LongBracketLevel(string text, int index)
    {
        if (At(text, index) != '[')
        {
            return null;
        }

        var level = 0;
        var i = index + 1;
        while (At(text, i) == '=')
        {
            level++;
            i++;
        }

        return At(text, i) == '[' ? level : null;
    }

    /// <summary>The index just after the long bracket of <paramref name="level"/> closing what opens at <paramref name="index"/>.</summary>
    private static int LongBracketEnd(string text, int index, int level)
    {
        var close = "]" + new string('=', level) + "]";
        var end = text.IndexOf(close, index + level + 2, StringComparison.Ordinal);
        return end < 0 ? text.Length : end + close.Length;
    }

    private sealed class KeyCall
    {
        public KeyCall(List<Token> tokens, int first, int last, string text)
        {
            Tokens = tokens;
            First = first;
            Last = last;
            Text = text;
        }

        public List<Token> Tokens { get; }

        public int First { get; }

        public int Last { get; }

        public string Text { get; }
    }

    private readonly struct Token
    {
        public Token(TokenKind kind, string text, string value, int start, int end)
        {
            Kind = kind;
            Text = text;
            Value = value;
            Start = start;
            End = end;
        }

        public TokenKind Kind { get; }

        /// <summary>The source text (with quotes for a string).</summary>
        public string Text { get; }

        /// <summary>The value (without quotes for a string).</summary>
        public string Value { get; }

        public int Start { get; }

        public int End { get; }

        public bool Is(TokenKind kind, string text) => Kind == kind && Text == text;
    }
}
