-- Orleans ADO.NET reminders (Microsoft.Orleans.Reminders.AdoNet 10.x, invariant "Npgsql"), written by GatoLink.
--
-- The provider runs the texts stored under the keys below. Its contract:
--   * parameters, bound by name: @ServiceId, @GrainId (GrainId.ToString(), type and key), @ReminderName,
--     @StartTime (UTC DateTime), @Period (milliseconds; int, or bigint when above int range), @GrainHash (the
--     grain's uniform hash, a uint passed as int), @BeginHash / @EndHash (a ring range, uints passed as int),
--     @Version (the etag the caller holds, int);
--   * reads return columns GrainId, ReminderName, StartTime, Period (read as int64), Version;
--   * UpsertReminderRowKey returns the row's new Version; DeleteReminderRowKey one boolean (deleted or not).
-- Ranges are half-open on the ring: (BeginHash, EndHash]. The provider picks ReadRangeRows1Key when
-- (int)BeginHash < (int)EndHash and ReadRangeRows2Key (the range wraps past the int boundary, or is the whole ring
-- when both are equal) otherwise. Because the uint->int cast only rotates the ring, comparing the stored ints
-- preserves the ring's order.

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  text NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansRemindersTable (
    ServiceId    text        NOT NULL,
    GrainId      text        NOT NULL,
    ReminderName text        NOT NULL,
    StartTime    timestamptz NOT NULL,
    Period       bigint      NOT NULL,
    GrainHash    integer     NOT NULL,
    Version      integer     NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo reads the reminders of its hash range when it starts and whenever the ring changes.
CREATE INDEX IF NOT EXISTS OrleansRemindersTable_ServiceId_GrainHash ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadReminderRowsKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId
$q$),

('ReadReminderRowKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
$q$),

-- (BeginHash, EndHash] without wrapping.
('ReadRangeRows1Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash
$q$),

-- (BeginHash, EndHash] wrapping past the end of the int range: everything above Begin plus everything up to End.
('ReadRangeRows2Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)
$q$),

-- Registers or re-registers a reminder; every change gets a new version (wrapping from 2147483647 to 1).
('UpsertReminderRowKey', $q$
INSERT INTO OrleansRemindersTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = EXCLUDED.StartTime, Period = EXCLUDED.Period, GrainHash = EXCLUDED.GrainHash,
    Version = CASE WHEN r.Version >= 2147483647 THEN 1 ELSE r.Version + 1 END
RETURNING Version
$q$),

-- Removes a reminder only if the caller's etag is current.
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version
    RETURNING 1)
SELECT count(*) > 0 AS Deleted FROM deleted
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
