namespace B3.Core.Ingestion;

/// <summary>
/// The life of an ingestion job (<c>b3.ingestion_jobs</c>), the one place its states and the statements that move a
/// job between them are written. The WebhookApi enqueues (<see cref="Queued"/>); a Processor claims
/// (<see cref="Processing"/>, under a lease it renews) and then succeeds, queues the job again for another attempt,
/// fails it for good (<see cref="Failed"/>) or lets it die with its attempts used up (<see cref="Dead"/>); an expired
/// lease puts it back in the queue; the Downloader's commands replay failed or dead jobs and reprocess any object.
/// Every statement that queues a job NOTIFYs <see cref="NotificationChannel"/> on commit.
/// </summary>
public static class JobLifecycle
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Dead = "dead";

    /// <summary>The channel the Processor LISTENs on; the payload is the job id.</summary>
    public const string NotificationChannel = "b3_ingestion_jobs";

    public static IReadOnlyList<string> All { get; } = [Queued, Processing, Succeeded, Failed, Dead];

    /// <summary>
    /// $1 webhook id, $2 source, $3 traceparent, $4 payload, $5 bucket, $6 key, $7 ETag, $8 dataset, $9 trade date,
    /// $10 size. One statement, so one round trip and its own transaction: the event, the job it makes, or else the
    /// job that already covers the object version (<c>true</c>: a duplicate).
    /// </summary>
    public const string Enqueue = $"""
        WITH event AS (
            INSERT INTO b3.webhook_events (webhook_id, source, traceparent, payload)
            VALUES ($1, $2, $3, $4)
            ON CONFLICT (webhook_id) DO NOTHING
            RETURNING id
        ), job AS (
            INSERT INTO b3.ingestion_jobs (bucket, object_key, etag, dataset, trade_date, object_size, webhook_event_id, traceparent)
            SELECT $5, $6, $7, $8, $9, $10, event.id, $3 FROM event
            ON CONFLICT (bucket, object_key, etag) DO NOTHING
            RETURNING id, pg_notify('{NotificationChannel}', id::text)
        )
        SELECT id, false FROM job
        UNION ALL
        SELECT id, true FROM b3.ingestion_jobs
        WHERE bucket = $5 AND object_key = $6 AND etag = $7 AND NOT EXISTS (SELECT FROM job)
        """;

    /// <summary>$1 worker, $2 lease, $3 how many: due queued jobs and those whose lease expired, skipping locked rows.</summary>
    public const string Claim = $"""
        UPDATE b3.ingestion_jobs j
        SET status = '{Processing}', attempts = j.attempts + 1, lease_owner = $1, lease_expires_at = now() + $2,
            started_at = now(), updated_at = now()
        WHERE j.id IN (
            SELECT id FROM b3.ingestion_jobs
            WHERE (status = '{Queued}' AND next_attempt_at <= now()) OR (status = '{Processing}' AND lease_expires_at < now())
            ORDER BY next_attempt_at, id
            FOR UPDATE SKIP LOCKED
            LIMIT $3)
        RETURNING j.id, j.bucket, j.object_key, j.etag, j.attempts, j.max_attempts, j.traceparent, j.created_at
        """;

    /// <summary>$1 job, $2 worker, $3 lease: one row when the job is still ours.</summary>
    public const string RenewLease = $"""
        UPDATE b3.ingestion_jobs SET lease_expires_at = now() + $3, updated_at = now()
        WHERE id = $1 AND lease_owner = $2 AND status = '{Processing}'
        """;

    /// <summary>
    /// $1 job, $2 worker, $3 rows loaded, $4 rows quarantined, $5 note; run in the load's own transaction, whose
    /// <c>now()</c> is when the load began: the end is the clock's time, just before the commit.
    /// </summary>
    public const string Succeed = $"""
        UPDATE b3.ingestion_jobs
        SET status = '{Succeeded}', rows_loaded = $3, rows_quarantined = $4, last_error = $5,
            lease_owner = NULL, lease_expires_at = NULL, finished_at = clock_timestamp(), updated_at = clock_timestamp()
        WHERE id = $1 AND lease_owner = $2 AND status = '{Processing}'
        """;

    /// <summary>$1 job, $2 worker, $3 new status (<see cref="AfterFailure"/>), $4 reason, $5 delay before the next attempt.</summary>
    public const string Fail = $"""
        UPDATE b3.ingestion_jobs
        SET status = $3, last_error = $4, next_attempt_at = now() + $5,
            lease_owner = NULL, lease_expires_at = NULL, updated_at = now(),
            finished_at = CASE WHEN $3 = '{Queued}' THEN NULL ELSE now() END
        WHERE id = $1 AND lease_owner = $2 AND status = '{Processing}'
        """;

    /// <summary>$1 job, $2 final status, $3 reason: ends a job that cannot even start (a key of no known dataset).</summary>
    public const string End = """
        UPDATE b3.ingestion_jobs SET status = $2, last_error = $3, lease_owner = NULL, lease_expires_at = NULL,
            finished_at = now(), updated_at = now()
        WHERE id = $1
        """;

    /// <summary>Puts the jobs whose worker vanished back in the queue.</summary>
    public const string ReleaseExpiredLeases = $"""
        UPDATE b3.ingestion_jobs
        SET status = '{Queued}', lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = now(), updated_at = now(),
            last_error = coalesce(last_error, 'lease expired: the worker stopped before finishing')
        WHERE status = '{Processing}' AND lease_expires_at < now()
        """;

    /// <summary>$1 statuses, $2 key or null, $3 datasets, $4 first date or null, $5 last date or null.</summary>
    private const string ReplayMatch = """
        status = ANY($1) AND ($2::text IS NULL OR object_key = $2) AND dataset = ANY($3)
          AND ($4::date IS NULL OR trade_date >= $4) AND ($5::date IS NULL OR trade_date <= $5)
        """;

    /// <summary>The jobs <see cref="Replay"/> would queue, with the same parameters.</summary>
    public const string ReplayPreview = $"SELECT id, object_key, etag, status FROM b3.ingestion_jobs WHERE {ReplayMatch} ORDER BY object_key, id";

    /// <summary>Queues the matching jobs again with their attempts reset; <c>last_error</c> stays until the next outcome.</summary>
    public const string Replay = $"""
        WITH replayed AS (
            UPDATE b3.ingestion_jobs j
            SET status = '{Queued}', attempts = 0, next_attempt_at = now(), lease_owner = NULL, lease_expires_at = NULL,
                finished_at = NULL, updated_at = now()
            FROM (SELECT id, status AS previous FROM b3.ingestion_jobs WHERE {ReplayMatch} FOR UPDATE) old
            WHERE j.id = old.id
            RETURNING j.id, j.object_key, j.etag, old.previous)
        SELECT id, object_key, etag, previous, pg_notify('{NotificationChannel}', id::text) FROM replayed
        ORDER BY object_key, id
        """;

    /// <summary>
    /// $1 bucket, $2 key, $3 ETag, $4 dataset, $5 trade date, $6 size, $7 the manual event's payload: a new job for the
    /// object version, or its job queued again whatever it ended as, unless it is being processed right now.
    /// </summary>
    public const string Reprocess = $"""
        WITH event AS (
            INSERT INTO b3.webhook_events (source, payload) VALUES ('manual', $7) RETURNING id),
        previous AS (
            SELECT status FROM b3.ingestion_jobs WHERE bucket = $1 AND object_key = $2 AND etag = $3),
        job AS (
            INSERT INTO b3.ingestion_jobs AS j (bucket, object_key, etag, dataset, trade_date, object_size, webhook_event_id)
            SELECT $1, $2, $3, $4, $5, $6, id FROM event
            ON CONFLICT (bucket, object_key, etag) DO UPDATE
            SET status = '{Queued}', attempts = 0, next_attempt_at = now(), lease_owner = NULL, lease_expires_at = NULL,
                finished_at = NULL, updated_at = now()
            WHERE j.status <> '{Processing}'
            RETURNING j.id)
        SELECT id, coalesce((SELECT status FROM previous), 'new'), pg_notify('{NotificationChannel}', id::text) FROM job
        """;

    /// <summary>Where a failed attempt leaves a job: a wrong file fails for good; otherwise another attempt, until none is left.</summary>
    public static string AfterFailure(bool permanent, int attempts, int maxAttempts) =>
        permanent ? Failed : attempts >= maxAttempts ? Dead : Queued;

    /// <summary>The statuses replay takes jobs from.</summary>
    public static string[] Replayable(bool includeFailed) => includeFailed ? [Dead, Failed] : [Dead];

    /// <summary>A job in this state is tried (again) at its next_attempt_at; a failed one only after a replay.</summary>
    public static bool AwaitsAnAttempt(string status) => status is Queued;

    /// <summary>A job that ended in this state is worth an operator's alert.</summary>
    public static bool EndedBadly(string status) => status is Failed or Dead;
}
