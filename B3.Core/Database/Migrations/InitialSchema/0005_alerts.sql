-- Operator alerts (ALERT_WEBHOOK_URL): one row per cause, so that every instance of every service sends a given
-- cause at most once per hour. The INSERT ... ON CONFLICT ... WHERE last_sent_at < now() - interval that claims a
-- cause decides who sends; a delivery that fails releases it (last_sent_at = -infinity).

CREATE TABLE b3.alerts (
    cause             text        PRIMARY KEY,      -- job-dead:<key>, job-failed:<key>, download-missing:<date>, ...
    last_sent_at      timestamptz NOT NULL,
    last_text         text        NOT NULL,
    sent_count        integer     NOT NULL DEFAULT 1,
    suppressed_count  integer     NOT NULL DEFAULT 0  -- occurrences within the hour that were not sent again
);
