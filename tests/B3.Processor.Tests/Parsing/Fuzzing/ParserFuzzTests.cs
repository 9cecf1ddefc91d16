using System.Globalization;
using B3.Core.Datasets;
using B3.Processor.Parsing;

namespace B3.Processor.Tests.Parsing.Fuzzing;

/// <summary>
/// Mutation fuzzing of every parser from the real sample files (<see cref="Mutator"/>): each mutated input either
/// parses (valid rows out, bad ones rejected) or fails with the parser's own <see cref="InvalidFileException"/>; never
/// another exception, a hang, or memory out of proportion to the input. Seeded and repeatable: CI runs
/// <see cref="CiInputs"/> inputs of a fixed seed; <c>B3_FUZZ_INPUTS</c> and <c>B3_FUZZ_SEED</c> make the long run
/// (docs/reliability.md), and a failure names the seed and input that replay it.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class ParserFuzzTests
{
    private const int CiInputs = 900;
    private const int CiSeed = 20261207;
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(30);

    /// <summary>Bytes a parse may allocate: a fixed allowance and a multiple of the input (its text decoded, its rejects kept).</summary>
    private const long FixedAllocation = 64L << 20;
    private const long AllocationPerInputByte = 24;

    [Fact]
    public void EveryMutatedSampleParsesOrFailsWithTheParsersOwnError()
    {
        var inputs = Setting("B3_FUZZ_INPUTS") ?? CiInputs;
        var seed = Setting("B3_FUZZ_SEED") ?? CiSeed;
        var corpus = ParserCatalog.Samples.Select(sample => (Parser: ParserCatalog.Named(sample.Parser), Key: Key(sample.Key), Name: sample.File, Content: FixtureFiles.Bytes(sample.File))).ToList();
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>();

        for (var input = 0; input < inputs; input++)
        {
            var random = new Random(HashCode.Combine(seed, input));
            var sample = corpus[input % corpus.Count];
            var (content, what) = Mutator.Mutate(sample.Content, random);
            var outcome = Parse(sample.Parser, sample.Key, content);
            outcomes[outcome.Kind] = outcomes.GetValueOrDefault(outcome.Kind) + 1;
            if (outcome.Failure is { } failure)
            {
                failures.Add($"seed {seed} input {input}: {sample.Name} {what}: {failure}");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{inputs} mutated inputs, seed {seed}: {string.Join(", ", outcomes.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} {pair.Value}"))}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {inputs} inputs broke a parser:\n{string.Join('\n', failures.Take(10))}");
        Assert.True(outcomes.GetValueOrDefault("parsed") > 0 && outcomes.GetValueOrDefault("rejected as a file") > 0, "The mutations never let a file through, or never broke one.");
    }

    private static Outcome Parse(IFileParser parser, ObjectKey key, byte[] content)
    {
        var target = new CountingTarget(parser.Columns.Count);
        using var timeout = new CancellationTokenSource(PerInput);
        var parse = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                parser.Parse(new MemoryStream(content), new ParseContext(key), target, timeout.Token);
                return new Outcome("parsed", target.Failure, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            catch (InvalidFileException)
            {
                return new Outcome("rejected as a file", target.Failure, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            catch (OperationCanceledException)
            {
                return new Outcome("hung", $"still parsing after {PerInput.TotalSeconds} s", 0);
            }
            catch (Exception e)
            {
                return new Outcome("broke", $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}", 0);
            }
        });

        if (!parse.Wait(PerInput * 2))
        {
            return new Outcome("hung", $"did not return within {(PerInput * 2).TotalSeconds} s and ignored its cancellation", 0);
        }

        var outcome = parse.Result;
        var allowed = FixedAllocation + (AllocationPerInputByte * content.Length);
        return outcome.Allocated > allowed
            ? outcome with { Kind = "unbounded", Failure = string.Create(CultureInfo.InvariantCulture, $"allocated {outcome.Allocated:N0} bytes for a {content.Length:N0}-byte input") }
            : outcome;
    }

    private static ObjectKey Key(string key) => new ObjectKeys().TryParse(key, out var parsed) ? parsed : throw new ArgumentException(key);

    private static int? Setting(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private sealed record Outcome(string Kind, string? Failure, long Allocated);

    /// <summary>Counts rows and rejects, and notes a row whose value count is not the parser's column count.</summary>
    private sealed class CountingTarget(int columns) : IRowTarget
    {
        public string? Failure { get; private set; }

        public void WriteRow(RowValues row)
        {
            if (row.Count != columns)
            {
                Failure ??= $"a row of {row.Count} values for {columns} columns";
            }
        }

        public void Reject(long lineNumber, string rawLine, string reason)
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                Failure ??= $"line {lineNumber} rejected without a reason";
            }
        }
    }
}
