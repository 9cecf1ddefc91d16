using System.Text;

namespace B3.Processor.Tests.Parsing.Fuzzing;

/// <summary>
/// Mutates a real file the ways files go wrong in transit and at the source: cut at a random offset, bytes flipped,
/// lines duplicated, removed or swapped, the text re-encoded, a field made huge, or several of these at once. Each
/// mutation is a pure function of the <see cref="Random"/> it is given, so a seed replays a run.
/// </summary>
internal static class Mutator
{
    private const int HugeFieldBytes = 1 << 20;

    private static readonly Func<byte[], Random, (byte[] Content, string What)>[] Mutations =
    [
        Truncate, FlipBytes, DuplicateLines, RemoveLines, SwapLines, Reencode, HugeField,
    ];

    /// <summary>One to three mutations in a row, and what they were.</summary>
    public static (byte[] Content, string What) Mutate(byte[] original, Random random)
    {
        var content = original;
        var steps = new List<string>();
        for (var count = random.Next(1, 4); count > 0; count--)
        {
            (content, var what) = Mutations[random.Next(Mutations.Length)](content, random);
            steps.Add(what);
        }

        return (content, string.Join(", then ", steps));
    }

    private static (byte[], string) Truncate(byte[] content, Random random)
    {
        var length = random.Next(content.Length + 1);
        return (content[..length], $"cut at byte {length}");
    }

    private static (byte[], string) FlipBytes(byte[] content, Random random)
    {
        if (content.Length == 0)
        {
            return (content, "no byte to flip");
        }

        var flipped = (byte[])content.Clone();
        var count = random.Next(1, 17);
        for (var i = 0; i < count; i++)
        {
            flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
        }

        return (flipped, $"{count} bytes replaced");
    }

    private static (byte[], string) DuplicateLines(byte[] content, Random random) => EditLines(content, random, "duplicated", (lines, at, count) =>
        lines.InsertRange(at, lines.GetRange(at, count)));

    private static (byte[], string) RemoveLines(byte[] content, Random random) => EditLines(content, random, "removed", (lines, at, count) =>
        lines.RemoveRange(at, count));

    private static (byte[], string) SwapLines(byte[] content, Random random) => EditLines(content, random, "swapped with the last", (lines, at, count) =>
    {
        for (var i = 0; i < count; i++)
        {
            (lines[at + i], lines[^(1 + i)]) = (lines[^(1 + i)], lines[at + i]);
        }
    });

    /// <summary>The bytes read as Latin-1 and written as UTF-16 or UTF-8 (a file saved in another encoding).</summary>
    private static (byte[], string) Reencode(byte[] content, Random random)
    {
        var text = Encoding.Latin1.GetString(content);
        return random.Next(2) == 0
            ? (Encoding.Unicode.GetBytes(text), "re-encoded as UTF-16")
            : (Encoding.UTF8.GetBytes(text), "re-encoded as UTF-8");
    }

    /// <summary>A megabyte of one character inserted at a random offset: a field or line far longer than any B3 writes.</summary>
    private static (byte[], string) HugeField(byte[] content, Random random)
    {
        var at = random.Next(content.Length + 1);
        var filler = (byte)"9A ;\"".AsSpan()[random.Next(5)];
        return ([.. content[..at], .. Enumerable.Repeat(filler, HugeFieldBytes), .. content[at..]], $"{HugeFieldBytes} × '{(char)filler}' at byte {at}");
    }

    private static (byte[], string) EditLines(byte[] content, Random random, string verb, Action<List<byte[]>, int, int> edit)
    {
        var lines = SplitLines(content);
        if (lines.Count < 2)
        {
            return (content, $"no lines {verb}");
        }

        var at = random.Next(lines.Count);
        var count = Math.Min(random.Next(1, 6), lines.Count - at);
        count = Math.Min(count, lines.Count / 2);
        edit(lines, at, Math.Max(1, count));
        return ([.. lines.SelectMany(line => line)], $"{Math.Max(1, count)} line(s) from line {at + 1} {verb}");
    }

    /// <summary>The lines with their line ends, so that joining them gives the file back.</summary>
    private static List<byte[]> SplitLines(byte[] content)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == (byte)'\n')
            {
                lines.Add(content[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < content.Length)
        {
            lines.Add(content[start..]);
        }

        return lines;
    }
}
