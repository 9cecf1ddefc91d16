using B3.Core.Datasets;
using B3.Testing.FakeB3;

namespace B3.Downloader.Tests.Cli;

public sealed class BackfillCommandTests(DownloaderFixture fixture) : IClassFixture<DownloaderFixture>
{
    [Fact]
    public async Task StoresEveryTradingDayOfTheRangeAndSkipsThemAllOnASecondRun()
    {
        fixture.B3.Reset();
        DateOnly from = new(2025, 11, 24), to = new(2025, 12, 5);

        // 2025-11-24 … 2025-12-05: ten trading days; the index API has only 2025-12-05's portfolio, and the
        // listed-companies API only today's state, so corporate-actions is tried for 2025-12-05 alone and skipped.
        var first = await fixture.RunCliAsync("backfill", "--from", "2025-11-24", "--to", "2025-12-05", "--dataset", "all");

        Assert.True(first.ExitCode == 0, first.ToString());
        foreach (var dataset in new[] { Dataset.Instruments, Dataset.Trades, Dataset.Cotahist })
        {
            var keys = await fixture.ListAsync(dataset, from, to);
            Assert.Equal(10, keys.Count);
            Assert.DoesNotContain(fixture.Keys.For(dataset, new DateOnly(2025, 11, 29)), keys);
        }

        Assert.Equal(["b3/ibov/2025-12-05.json"], await fixture.ListAsync(Dataset.Ibov, from, to));
        Assert.Equal(31, first.Keys.Count);
        Assert.Equal(first.Keys.Order(StringComparer.Ordinal), first.Keys);
        Assert.Contains("31 stored, 0 already stored, 1 skipped, 0 not final, 0 failed", first.Error);
        Assert.Contains("skipped corporate-actions 2025-12-05: ", first.Error);
        Assert.DoesNotContain("corporate-actions 2025-12-04", first.Error);

        fixture.B3.Reset();
        var second = await fixture.RunCliAsync("backfill", "--from", "2025-11-24", "--to", "2025-12-05");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Empty(second.Keys);
        Assert.Contains("0 stored, 31 already stored, 1 skipped", second.Error);
        Assert.Empty(fixture.B3.Served);
    }

    [Fact]
    public async Task ReplacesOnlyWhatChangedWhenForced()
    {
        fixture.B3.Reset();
        var changed = FakeB3Files.Zip("COTAHIST_D17112025.TXT", [.. "not a cotahist"u8]);
        await fixture.Storage.UploadAsync("b3/cotahist/2025-11-17.zip", new MemoryStream(changed), new(null, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);
        await fixture.RunCliAsync("backfill", "--from", "2025-11-18", "--to", "2025-11-18", "--dataset", "cotahist");
        fixture.B3.Reset();

        var run = await fixture.RunCliAsync("backfill", "--from", "2025-11-17", "--to", "2025-11-18", "--dataset", "cotahist", "--force");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["b3/cotahist/2025-11-17.zip"], run.Keys);
        Assert.Contains("1 stored, 1 already stored", run.Error);
        Assert.Equal(2, fixture.B3.Count(FakeB3Route.Cotahist));
    }

    [Fact]
    public async Task FetchesAYearlyCotahistForYearsBeforeDailyFiles()
    {
        fixture.B3.Reset();

        var run = await fixture.RunCliAsync("backfill", "--from", "2013-01-01", "--to", "2013-12-31", "--dataset", "cotahist");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["b3/cotahist/2013.zip"], run.Keys);
        Assert.Contains(fixture.B3.Requests, r => r.PathAndQuery.EndsWith("/COTAHIST_A2013.ZIP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListsWhatIsStoredByDatasetAndDate()
    {
        fixture.B3.Reset();
        await fixture.RunCliAsync("backfill", "--from", "2025-10-01", "--to", "2025-10-03", "--dataset", "cotahist");

        var run = await fixture.RunCliAsync("list", "--dataset", "cotahist", "--from", "2025-10-02", "--to", "2025-10-31");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Keys.Select(line => line.Split('\t')).ToList();
        Assert.Equal(["b3/cotahist/2025-10-02.zip", "b3/cotahist/2025-10-03.zip"], lines.Select(fields => fields[0]));
        Assert.All(lines, fields => Assert.True(long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) > 0));
    }
}
