using B3.Processor.Jobs;

namespace B3.Processor.Tests.Jobs;

public sealed class JobQueueTests(ProcessorFixture fixture) : IClassFixture<ProcessorFixture>
{
    [Fact]
    public async Task CompetingWorkersClaimEveryJobExactlyOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.ExecuteAsync("DELETE FROM b3.ingestion_jobs");
        var enqueued = new HashSet<long>();
        for (var day = 1; day <= 20; day++)
        {
            enqueued.Add(await fixture.EnqueueAsync($"b3/trades/2025-03-{day:D2}.csv"));
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var queue = fixture.CreateQueue($"worker-{worker}");
            var mine = new List<long>();
            while ((await queue.ClaimAsync(2, ct)) is { Count: > 0 } claimed)
            {
                mine.AddRange(claimed.Select(job => job.Id));
            }

            return mine;
        }, ct)));

        var all = claims.SelectMany(ids => ids).ToList();
        Assert.Equal(enqueued.Order(), all.Order());
        Assert.Equal(20, await fixture.ScalarAsync<long>("SELECT count(*) FROM b3.ingestion_jobs WHERE status = 'processing' AND attempts = 1"));
    }

    [Fact]
    public async Task AnExpiredLeaseIsTakenOverAndTheFormerOwnerCanChangeNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.ExecuteAsync("DELETE FROM b3.ingestion_jobs");
        var id = await fixture.EnqueueAsync("b3/cotahist/2024-11-08.zip");
        var first = fixture.CreateQueue("first", lease: TimeSpan.FromMilliseconds(300));
        var second = fixture.CreateQueue("second");

        var claimedByFirst = Assert.Single(await first.ClaimAsync(1, ct));
        Assert.Empty(await second.ClaimAsync(1, ct));
        await Task.Delay(600, ct);
        var claimedBySecond = Assert.Single(await second.ClaimAsync(1, ct));

        Assert.Equal((id, id), (claimedByFirst.Id, claimedBySecond.Id));
        Assert.Equal(2, claimedBySecond.Attempts);
        Assert.False(await first.RenewLeaseAsync(id, ct));
        await Assert.ThrowsAsync<LeaseLostException>(() => first.FailAsync(claimedByFirst, "late", permanent: false, ct));
        Assert.Equal("second", await fixture.ScalarAsync<string>("SELECT lease_owner FROM b3.ingestion_jobs WHERE id = $1", id));
        Assert.True(await second.RenewLeaseAsync(id, ct));
    }

    [Fact]
    public async Task ATransientFailureIsRetriedLaterUntilTheJobIsDead()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.ExecuteAsync("DELETE FROM b3.ingestion_jobs");
        var id = await fixture.EnqueueAsync("b3/instruments/2025-12-05.csv");
        await fixture.ExecuteAsync("UPDATE b3.ingestion_jobs SET max_attempts = 2 WHERE id = $1", id);
        var queue = fixture.CreateQueue("worker");

        var attempt1 = Assert.Single(await queue.ClaimAsync(1, ct));
        var afterFirst = await queue.FailAsync(attempt1, "storage timed out", permanent: false, ct);
        var claimableAtOnce = await queue.ClaimAsync(1, ct);
        await fixture.ExecuteAsync("UPDATE b3.ingestion_jobs SET next_attempt_at = now() WHERE id = $1", id);
        var attempt2 = Assert.Single(await queue.ClaimAsync(1, ct));
        var afterSecond = await queue.FailAsync(attempt2, "storage timed out again", permanent: false, ct);

        Assert.Equal("queued", afterFirst);
        Assert.Empty(claimableAtOnce);
        Assert.Equal("dead", afterSecond);
        Assert.Equal("dead", await fixture.ScalarAsync<string>("SELECT status FROM b3.ingestion_jobs WHERE id = $1", id));
        Assert.Equal("storage timed out again", await fixture.ScalarAsync<string>("SELECT last_error FROM b3.ingestion_jobs WHERE id = $1", id));
        Assert.Empty(await queue.ClaimAsync(1, ct));
    }

    [Fact]
    public async Task AWrongFileFailsAtOnceWithItsReason()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.ExecuteAsync("DELETE FROM b3.ingestion_jobs");
        var id = await fixture.EnqueueAsync("b3/cotahist/2016-01-04.zip");
        var queue = fixture.CreateQueue("worker");

        var job = Assert.Single(await queue.ClaimAsync(1, ct));
        var status = await queue.FailAsync(job, "Trailer says 1745 records, the file has 504.", permanent: true, ct);

        Assert.Equal("failed", status);
        Assert.Equal(1, await fixture.ScalarAsync<int>("SELECT attempts FROM b3.ingestion_jobs WHERE id = $1", id));
        Assert.Empty(await queue.ClaimAsync(1, ct));
    }

    [Theory]
    [InlineData(1, 7.5, 15)]
    [InlineData(3, 30, 60)]
    [InlineData(12, 300, 600)]
    public void RetryDelaysGrowExponentiallyWithJitterUpToTheCap(int attempt, double minSeconds, double maxSeconds)
    {
        var queue = fixture.CreateQueue("worker");

        var delays = Enumerable.Range(0, 50).Select(_ => queue.RetryDelay(attempt).TotalSeconds).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, minSeconds, maxSeconds));
        Assert.True(delays.Distinct().Count() > 1, "The delays carry no jitter.");
    }
}
