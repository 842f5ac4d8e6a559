-- Orleans ADO.NET persistent streams (Microsoft.Orleans.Streaming.AdoNet 10.4.2-alpha.1, invariant "Npgsql"),
-- written by GatoLink for the usage stream.
--
-- The provider runs the texts stored under the keys below. Its contract (read from the 10.4.2-alpha.1 assembly):
--   * every call names one queue: @ServiceId (ClusterOptions.ServiceId), @ProviderId (the provider's name),
--     @QueueId (text, one per hash-ring partition);
--   * QueueStreamMessageKey(@Payload bytea, @ExpiryTimeout int seconds) stores one message and returns one row
--     ServiceId, ProviderId, QueueId, MessageId (bigint);
--   * GetStreamMessagesKey(@MaxCount, @MaxAttempts, @VisibilityTimeout s, @RemovalTimeout s, @EvictionInterval s,
--     @EvictionBatchSize; ints) hands out up to MaxCount visible messages, each one delivery attempt more (Dequeued,
--     int) and invisible to other receivers for VisibilityTimeout; it returns ServiceId, ProviderId, QueueId,
--     MessageId, Dequeued, VisibleOn, ExpiresOn, CreatedOn, ModifiedOn (UTC timestamps) and Payload. It may also evict
--     (below), at most once per EvictionInterval per queue;
--   * ConfirmStreamMessagesKey(@Items text "id:dequeued|id:dequeued|…") deletes the delivered messages whose Dequeued
--     still equals the receipt (a receiver that lost a message to another cannot delete it); a NEGATIVE dequeued asks
--     to release the message instead (a receiver shutting down): it becomes visible at once. Returns ServiceId,
--     ProviderId, QueueId, MessageId of every message affected;
--   * FailStreamMessageKey(@MessageId, @MaxAttempts, @RemovalTimeout s): a delivery failed; a message with attempts
--     left becomes visible again, one without moves to the dead letters;
--   * EvictStreamMessagesKey(@MaxCount, @MaxAttempts, @RemovalTimeout s) moves expired and exhausted messages to the
--     dead letters; EvictStreamDeadLettersKey(@MaxCount) deletes dead letters past their removal time.
-- Delivery is at least once: a message is deleted only on confirmation, so a receiver that dies mid-delivery leaves
-- it to reappear after VisibilityTimeout. The usage consumer is idempotent by event id.

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  text NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansStreamMessage (
    ServiceId  text        NOT NULL,
    ProviderId text        NOT NULL,
    QueueId    text        NOT NULL,
    MessageId  bigint      GENERATED ALWAYS AS IDENTITY,
    Dequeued   integer     NOT NULL,
    VisibleOn  timestamptz NOT NULL,
    ExpiresOn  timestamptz NOT NULL,
    CreatedOn  timestamptz NOT NULL,
    ModifiedOn timestamptz NOT NULL,
    Payload    bytea       NOT NULL,
    PRIMARY KEY (ServiceId, ProviderId, QueueId, MessageId)
);

CREATE TABLE IF NOT EXISTS OrleansStreamDeadLetter (
    ServiceId  text        NOT NULL,
    ProviderId text        NOT NULL,
    QueueId    text        NOT NULL,
    MessageId  bigint      NOT NULL,
    Dequeued   integer     NOT NULL,
    VisibleOn  timestamptz NOT NULL,
    ExpiresOn  timestamptz NOT NULL,
    CreatedOn  timestamptz NOT NULL,
    ModifiedOn timestamptz NOT NULL,
    DeadOn     timestamptz NOT NULL,
    RemoveOn   timestamptz NOT NULL,
    Payload    bytea       NOT NULL,
    PRIMARY KEY (ServiceId, ProviderId, QueueId, MessageId)
);

CREATE INDEX IF NOT EXISTS OrleansStreamDeadLetter_RemoveOn ON OrleansStreamDeadLetter (ServiceId, ProviderId, QueueId, RemoveOn);

-- When each queue may next be evicted: the row is also what makes one receiver, not all, do it.
CREATE TABLE IF NOT EXISTS OrleansStreamControl (
    ServiceId  text        NOT NULL,
    ProviderId text        NOT NULL,
    QueueId    text        NOT NULL,
    EvictOn    timestamptz NOT NULL,
    PRIMARY KEY (ServiceId, ProviderId, QueueId)
);

-- Moves up to p_max expired (past ExpiresOn) or exhausted (no attempts left, not held by a receiver) messages of one
-- queue to the dead letters, oldest first. Rows another transaction holds are skipped, never waited for.
CREATE OR REPLACE FUNCTION orleans_stream_evict(p_service text, p_provider text, p_queue text, p_max integer, p_max_attempts integer, p_removal integer)
RETURNS integer LANGUAGE sql AS $f$
    WITH victims AS (
        SELECT m.MessageId
        FROM OrleansStreamMessage m
        WHERE m.ServiceId = p_service AND m.ProviderId = p_provider AND m.QueueId = p_queue
          AND (m.ExpiresOn <= clock_timestamp() OR (m.Dequeued >= p_max_attempts AND m.VisibleOn <= clock_timestamp()))
        ORDER BY m.MessageId
        LIMIT p_max
        FOR UPDATE SKIP LOCKED
    ), moved AS (
        DELETE FROM OrleansStreamMessage m
        USING victims v
        WHERE m.ServiceId = p_service AND m.ProviderId = p_provider AND m.QueueId = p_queue AND m.MessageId = v.MessageId
        RETURNING m.*
    ), dead AS (
        INSERT INTO OrleansStreamDeadLetter (ServiceId, ProviderId, QueueId, MessageId, Dequeued, VisibleOn, ExpiresOn,
            CreatedOn, ModifiedOn, DeadOn, RemoveOn, Payload)
        SELECT ServiceId, ProviderId, QueueId, MessageId, Dequeued, VisibleOn, ExpiresOn, CreatedOn, ModifiedOn,
            clock_timestamp(), clock_timestamp() + p_removal * interval '1 second', Payload
        FROM moved
        ON CONFLICT DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer FROM dead
$f$;

-- Deletes up to p_max dead letters of one queue whose removal time has passed.
CREATE OR REPLACE FUNCTION orleans_stream_evict_dead(p_service text, p_provider text, p_queue text, p_max integer)
RETURNS integer LANGUAGE sql AS $f$
    WITH victims AS (
        SELECT d.MessageId
        FROM OrleansStreamDeadLetter d
        WHERE d.ServiceId = p_service AND d.ProviderId = p_provider AND d.QueueId = p_queue AND d.RemoveOn <= clock_timestamp()
        ORDER BY d.MessageId
        LIMIT p_max
        FOR UPDATE SKIP LOCKED
    ), gone AS (
        DELETE FROM OrleansStreamDeadLetter d
        USING victims v
        WHERE d.ServiceId = p_service AND d.ProviderId = p_provider AND d.QueueId = p_queue AND d.MessageId = v.MessageId
        RETURNING 1
    )
    SELECT count(*)::integer FROM gone
$f$;

-- Hands out up to p_max visible messages of one queue, oldest first, one attempt more each; first, when this queue's
-- eviction is due, claims it (the control row's update) and evicts.
CREATE OR REPLACE FUNCTION orleans_stream_dequeue(p_service text, p_provider text, p_queue text, p_max integer,
    p_max_attempts integer, p_visibility integer, p_removal integer, p_eviction_interval integer, p_eviction_batch integer)
RETURNS SETOF OrleansStreamMessage LANGUAGE plpgsql AS $f$
DECLARE
    v_now timestamptz := clock_timestamp();
    v_claimed integer;
BEGIN
    WITH claim AS (
        INSERT INTO OrleansStreamControl AS c (ServiceId, ProviderId, QueueId, EvictOn)
        VALUES (p_service, p_provider, p_queue, v_now + p_eviction_interval * interval '1 second')
        ON CONFLICT (ServiceId, ProviderId, QueueId) DO UPDATE SET EvictOn = EXCLUDED.EvictOn WHERE c.EvictOn <= v_now
        RETURNING 1
    )
    SELECT count(*) INTO v_claimed FROM claim;
    IF v_claimed > 0 THEN
        PERFORM orleans_stream_evict(p_service, p_provider, p_queue, p_eviction_batch, p_max_attempts, p_removal);
        PERFORM orleans_stream_evict_dead(p_service, p_provider, p_queue, p_eviction_batch);
    END IF;

    RETURN QUERY
    WITH picked AS (
        SELECT m.MessageId
        FROM OrleansStreamMessage m
        WHERE m.ServiceId = p_service AND m.ProviderId = p_provider AND m.QueueId = p_queue
          AND m.VisibleOn <= v_now AND m.ExpiresOn > v_now AND m.Dequeued < p_max_attempts
        ORDER BY m.MessageId
        LIMIT p_max
        FOR UPDATE SKIP LOCKED
    )
    UPDATE OrleansStreamMessage m
    SET Dequeued = m.Dequeued + 1, VisibleOn = v_now + p_visibility * interval '1 second', ModifiedOn = v_now
    FROM picked p
    WHERE m.ServiceId = p_service AND m.ProviderId = p_provider AND m.QueueId = p_queue AND m.MessageId = p.MessageId
    RETURNING m.*;
END
$f$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('QueueStreamMessageKey', $q$
INSERT INTO OrleansStreamMessage (ServiceId, ProviderId, QueueId, Dequeued, VisibleOn, ExpiresOn, CreatedOn, ModifiedOn, Payload)
VALUES (@ServiceId, @ProviderId, @QueueId, 0, clock_timestamp(), clock_timestamp() + @ExpiryTimeout * interval '1 second',
    clock_timestamp(), clock_timestamp(), @Payload)
RETURNING ServiceId, ProviderId, QueueId, MessageId
$q$),

('GetStreamMessagesKey', $q$
SELECT ServiceId, ProviderId, QueueId, MessageId, Dequeued, VisibleOn, ExpiresOn, CreatedOn, ModifiedOn, Payload
FROM orleans_stream_dequeue(@ServiceId, @ProviderId, @QueueId, @MaxCount, @MaxAttempts, @VisibilityTimeout,
    @RemovalTimeout, @EvictionInterval, @EvictionBatchSize)
ORDER BY MessageId
$q$),

-- Positive receipts confirm (delete), negative ones release (visible again, the attempt still counted, so that the
-- next receiver's receipt differs from the releasing one's).
('ConfirmStreamMessagesKey', $q$
WITH items AS (
    SELECT split_part(item, ':', 1)::bigint AS MessageId, split_part(item, ':', 2)::integer AS Receipt
    FROM unnest(string_to_array(@Items, '|')) AS item
    WHERE item <> ''
), confirmed AS (
    DELETE FROM OrleansStreamMessage m
    USING items i
    WHERE m.ServiceId = @ServiceId AND m.ProviderId = @ProviderId AND m.QueueId = @QueueId
      AND m.MessageId = i.MessageId AND i.Receipt > 0 AND m.Dequeued = i.Receipt
    RETURNING m.ServiceId, m.ProviderId, m.QueueId, m.MessageId
), released AS (
    UPDATE OrleansStreamMessage m
    SET VisibleOn = clock_timestamp(), ModifiedOn = clock_timestamp()
    FROM items i
    WHERE m.ServiceId = @ServiceId AND m.ProviderId = @ProviderId AND m.QueueId = @QueueId
      AND m.MessageId = i.MessageId AND i.Receipt < 0 AND m.Dequeued = -i.Receipt
    RETURNING m.ServiceId, m.ProviderId, m.QueueId, m.MessageId
)
SELECT ServiceId, ProviderId, QueueId, MessageId FROM confirmed
UNION ALL
SELECT ServiceId, ProviderId, QueueId, MessageId FROM released
$q$),

('FailStreamMessageKey', $q$
WITH exhausted AS (
    DELETE FROM OrleansStreamMessage m
    WHERE m.ServiceId = @ServiceId AND m.ProviderId = @ProviderId AND m.QueueId = @QueueId
      AND m.MessageId = @MessageId AND m.Dequeued >= @MaxAttempts
    RETURNING m.*
), dead AS (
    INSERT INTO OrleansStreamDeadLetter (ServiceId, ProviderId, QueueId, MessageId, Dequeued, VisibleOn, ExpiresOn,
        CreatedOn, ModifiedOn, DeadOn, RemoveOn, Payload)
    SELECT ServiceId, ProviderId, QueueId, MessageId, Dequeued, VisibleOn, ExpiresOn, CreatedOn, ModifiedOn,
        clock_timestamp(), clock_timestamp() + @RemovalTimeout * interval '1 second', Payload
    FROM exhausted
    ON CONFLICT DO NOTHING
)
UPDATE OrleansStreamMessage m
SET VisibleOn = clock_timestamp(), ModifiedOn = clock_timestamp()
WHERE m.ServiceId = @ServiceId AND m.ProviderId = @ProviderId AND m.QueueId = @QueueId
  AND m.MessageId = @MessageId AND m.Dequeued < @MaxAttempts
$q$),

('EvictStreamMessagesKey', $q$
SELECT orleans_stream_evict(@ServiceId, @ProviderId, @QueueId, @MaxCount, @MaxAttempts, @RemovalTimeout)
$q$),

('EvictStreamDeadLettersKey', $q$
SELECT orleans_stream_evict_dead(@ServiceId, @ProviderId, @QueueId, @MaxCount)
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
