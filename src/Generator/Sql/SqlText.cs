using System;

namespace Sqlmint.Generator.Sql;

/// <summary>Plain text searches in SQL, for pointing a diagnostic at a name.</summary>
internal static class SqlText
{
    /// <summary>
    /// The first place in <paramref name="text"/>[<paramref name="start"/>, <paramref name="end"/>) where
    /// <paramref name="word"/> stands as a whole word (case-insensitive), or -1.
    /// </summary>
    public static int IndexOfWord(string text, string word, int start, int end)
    {
        end = Math.Min(end, text.Length);
        for (int at = start < end ? text.IndexOf(word, start, end - start, StringComparison.OrdinalIgnoreCase) : -1;
             at >= 0;
             at = at + 1 < end ? text.IndexOf(word, at + 1, end - at - 1, StringComparison.OrdinalIgnoreCase) : -1)
        {
            int after = at + word.Length;
            if ((at == 0 || !IsWordChar(text[at - 1])) && (after >= text.Length || !IsWordChar(text[after])))
            {
                return at;
            }
        }

        return -1;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
