-- Intake and job queue of the event path (DESIGN.md §6-§7).

CREATE TABLE b3.webhook_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id    text        NULL UNIQUE,          -- Standard Webhooks id: a redelivery is recognised, not stored twice
    source        text        NOT NULL,             -- worker, minio, manual, reconciler
    received_at   timestamptz NOT NULL DEFAULT now(),
    traceparent   text        NULL,
    payload       jsonb       NOT NULL
);

CREATE TABLE b3.ingestion_jobs (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bucket            text        NOT NULL,
    object_key        text        NOT NULL,
    etag              text        NOT NULL,
    dataset           text        NOT NULL,
    trade_date        date        NULL,             -- null for a yearly file
    object_size       bigint      NULL,
    status            text        NOT NULL DEFAULT 'queued'
                      CHECK (status IN ('queued', 'processing', 'succeeded', 'failed', 'dead')),
    attempts          integer     NOT NULL DEFAULT 0,
    max_attempts      integer     NOT NULL DEFAULT 5,
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    lease_owner       text        NULL,
    lease_expires_at  timestamptz NULL,
    last_error        text        NULL,
    rows_loaded       bigint      NULL,
    rows_quarantined  bigint      NULL,
    webhook_event_id  bigint      NULL REFERENCES b3.webhook_events (id),
    traceparent       text        NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    started_at        timestamptz NULL,
    finished_at       timestamptz NULL,
    CONSTRAINT ingestion_jobs_object_version UNIQUE (bucket, object_key, etag)
);

-- Claiming scans only what can run: queued work that is due, and processing work whose lease may have expired.
CREATE INDEX ingestion_jobs_claimable ON b3.ingestion_jobs (next_attempt_at, id) WHERE status IN ('queued', 'processing');
CREATE INDEX ingestion_jobs_by_date ON b3.ingestion_jobs (trade_date, dataset);
CREATE INDEX ingestion_jobs_by_key ON b3.ingestion_jobs (object_key);
