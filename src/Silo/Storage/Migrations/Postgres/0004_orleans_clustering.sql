-- Orleans ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet 10.x, invariant "Npgsql"), written by GatoLink.
--
-- The provider issues no SQL of its own except `SELECT QueryKey, QueryText FROM OrleansQuery`; every other
-- statement is the text stored here under a query key. What the provider relies on (its contract):
--   * parameters, bound by name: @DeploymentId (= ClusterOptions.ClusterId), @Address (text), @Port,
--     @Generation, @SiloName, @HostName, @Status (SiloStatus as int, Active = 3), @ProxyPort, @StartTime,
--     @IAmAliveTime (UTC DateTime), @SuspectTimes (text "silo,date|silo,date" or NULL), @Version (the table
--     version etag it last read, as int);
--   * result columns, read by name (case-insensitively): Version, Address, Port, Generation, SiloName, HostName,
--     Status, ProxyPort, SuspectTimes, StartTime, IAmAliveTime; the membership reads always return at least one
--     row (the version row) and a row whose StartTime is NULL means "no silo";
--   * InsertMembershipVersionKey, InsertMembershipKey, UpdateMembershipKey answer one row of one boolean column;
--   * 10.4 also looks for the optional CleanupDefunctSiloEntryKey (per-row cleanup); we provide it.
-- The provider checks etags before calling us: it refuses (without a query) an etag that is not a canonical int,
-- and an update whose row etag differs from the table version's etag (every row's etag IS the table version).
-- The table version is the optimistic-concurrency token of the whole membership: an insert or update of a silo
-- row happens only if @Version still equals the stored version, and then bumps it by one in the same transaction.
-- "I am alive" heartbeats do not touch the version. Nothing is written unless every check passes, so a refused
-- change leaves no trace.
--
-- OrleansQuery is shared with 0005 (grain storage) and 0006 (reminders).

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  text NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);

-- One row per cluster id: the membership table's version (etag). Timestamp is for operators only.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable (
    DeploymentId text        NOT NULL PRIMARY KEY,
    Timestamp    timestamptz NOT NULL DEFAULT now(),
    Version      integer     NOT NULL DEFAULT 0
);

-- One row per silo incarnation (address, port, generation). Deleting the version row removes the cluster's silos.
CREATE TABLE IF NOT EXISTS OrleansMembershipTable (
    DeploymentId text        NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId) ON DELETE CASCADE,
    Address      text        NOT NULL,
    Port         integer     NOT NULL,
    Generation   integer     NOT NULL,
    SiloName     text        NOT NULL,
    HostName     text        NOT NULL,
    Status       integer     NOT NULL,
    ProxyPort    integer     NOT NULL DEFAULT 0,
    SuspectTimes text        NULL,
    StartTime    timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Adds a silo row if the caller's table version is still current; true when the row was added (and the version
-- bumped). The version row is locked first, so concurrent writers of one cluster queue here and each re-reads the
-- version after the one before it committed.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deployment text, p_address text, p_port integer, p_generation integer, p_silo_name text,
    p_host_name text, p_status integer, p_proxy_port integer, p_start_time timestamptz,
    p_i_am_alive timestamptz, p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    v_version integer;
BEGIN
    SELECT Version INTO v_version
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = p_deployment
    FOR UPDATE;
    IF NOT FOUND OR p_expected_version IS NULL OR v_version <> p_expected_version THEN
        RETURN false;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES
        (p_deployment, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
         coalesce(p_proxy_port, 0), p_start_time, p_i_am_alive)
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;  -- that silo incarnation is already listed: nothing written, version untouched
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = p_deployment;
    RETURN true;
END
$$;

-- Changes a silo row's status, suspicions and heartbeat if the caller's table version is still current; true when
-- the row existed and was changed (and the version bumped).
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deployment text, p_address text, p_port integer, p_generation integer, p_status integer,
    p_suspect_times text, p_i_am_alive timestamptz, p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    v_version integer;
BEGIN
    SELECT Version INTO v_version
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = p_deployment
    FOR UPDATE;
    IF NOT FOUND OR p_expected_version IS NULL OR v_version <> p_expected_version THEN
        RETURN false;
    END IF;

    UPDATE OrleansMembershipTable
    SET Status = p_status, SuspectTimes = p_suspect_times, IAmAliveTime = p_i_am_alive
    WHERE DeploymentId = p_deployment AND Address = p_address AND Port = p_port AND Generation = p_generation;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = p_deployment;
    RETURN true;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- Creates the cluster's version row at version 0 unless it exists; true when this call created it.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1)
SELECT count(*) > 0 AS Created FROM created
$q$),

('InsertMembershipKey', $q$
SELECT orleans_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS Inserted
$q$),

('UpdateMembershipKey', $q$
SELECT orleans_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
    @IAmAliveTime, @Version) AS Updated
$q$),

-- Heartbeat: never bumps the table version; Orleans ignores the outcome.
('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
$q$),

-- The version row joined with one silo's row (NULL columns when that silo is not listed).
('MembershipReadRowKey', $q$
SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId
$q$),

-- The version row joined with every silo row of the cluster, all from one snapshot.
('MembershipReadAllKey', $q$
SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId
$q$),

-- Drops the cluster: the silo rows go with the version row (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId
$q$),

-- Gateways for clients: silos in @Status (Active) that listen for clients.
('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0
$q$),

-- Forgets Dead (6) silos that stopped heartbeating before @IAmAliveTime. Providers that know the optional
-- CleanupDefunctSiloEntryKey below (10.4+) use that one instead; this key stays required.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status = 6
$q$),

-- Optional (10.4+): forgets one Dead silo row the provider read and judged defunct, only if the row still holds the
-- values it read (StartTime, IAmAliveTime, SuspectTimes), so a row changed since that read is kept. The provider
-- sends no suspicions as NULL, and we may have stored an empty list as ''.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND Status = 6
  AND StartTime = @StartTime AND IAmAliveTime = @IAmAliveTime
  AND coalesce(SuspectTimes, '') = coalesce(@SuspectTimes, '')
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
