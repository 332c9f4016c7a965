-- Scheduled jobs: db-scheduler's table (its documented PostgreSQL schema for the 16.x line), whose row per
-- recurring job is picked by exactly one node at a time, and the history of the runs Gavel records itself.

CREATE TABLE scheduled_tasks (
    task_name            text                     NOT NULL,
    task_instance        text                     NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- One row per finished run, written by the node that ran it (Jobs); /api/jobs shows the newest per job and
-- the counts. A run whose node died mid-way has no row: db-scheduler runs it again once its heartbeat stops.
CREATE TABLE job_runs (
    id          bigserial PRIMARY KEY,
    job         text        NOT NULL,
    node        text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('ok', 'failed')),
    message     text        NOT NULL,
    items       bigint      NOT NULL CHECK (items >= 0)
);
CREATE INDEX job_runs_by_job ON job_runs (job, started_at DESC);
