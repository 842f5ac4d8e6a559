-- Orleans ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet 10.x, invariant "Npgsql"), written by GatoLink.
--
-- The provider reads the texts stored under WriteToStorageKey, ReadFromStorageKey, ClearStorageKey and
-- DeleteStorageKey (the last one is used when AdoNetGrainStorageOptions.DeleteStateOnClear is true). Its contract:
--   * parameters, bound by name: @ServiceId, @GrainTypeString (the state name of [PersistentState(name, ...)],
--     not the grain class), @GrainIdN0 / @GrainIdN1 (bigint halves of a Guid key, or 0 / the integer key),
--     @GrainIdExtensionString (the key extension, or the whole key of a string-keyed grain; NULL when absent),
--     @GrainIdHash / @GrainTypeHash (int hashes computed by the provider's hasher), @GrainStateVersion (the etag
--     the grain holds, int, NULL before its first write), @PayloadBinary (the serialized state, bytea);
--   * ReadFromStorageKey returns no row or one row with columns PayloadBinary (NULL = no state) and Version;
--   * WriteToStorageKey returns one row with column NewGrainStateVersion: the new version, or NULL when the
--     grain's etag is stale (the provider then throws InconsistentStateException);
--   * ClearStorageKey / DeleteStorageKey return one row whose first column is the new version (delete: any value
--     different from the old one), or NULL when the etag is stale.
-- A state is identified by (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString). That
-- identity is stored as its SHA-256 (GrainKey, a generated column): one fixed-size unique index, no limit on key
-- length, and NULL and '' extensions stay distinct. The provider's int hashes are kept for operators only.

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  text NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);

-- The digest of a state's identity. Each part is length-prefixed so that no two identities encode alike.
-- Stored rows depend on this exact encoding (GrainKey below): never change the body without recomputing GrainKey.
CREATE OR REPLACE FUNCTION orleans_storage_key(
    p_service text, p_state_name text, p_n0 bigint, p_n1 bigint, p_extension text)
RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sha256(convert_to(
        length(p_service) || ':' || p_service || '|' ||
        length(p_state_name) || ':' || p_state_name || '|' ||
        p_n0 || '|' || p_n1 || '|' ||
        coalesce(length(p_extension) || ':' || p_extension, '-'),
        'UTF8'))
$$;

CREATE TABLE IF NOT EXISTS OrleansStorage (
    GrainKey               bytea       GENERATED ALWAYS AS (orleans_storage_key(
                               ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)) STORED
                                       PRIMARY KEY,
    ServiceId              text        NOT NULL,
    GrainTypeString        text        NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainIdExtensionString text        NULL,
    GrainIdHash            integer     NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    PayloadBinary          bytea       NULL,
    Version                integer     NOT NULL,
    ModifiedOn             timestamptz NOT NULL DEFAULT now()
);

-- The version after v: v + 1, wrapping from 2147483647 to 1 (never NULL, never equal to v).
CREATE OR REPLACE FUNCTION orleans_next_version(v integer)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN v >= 2147483647 THEN 1 ELSE v + 1 END
$$;

-- First write (p_expected NULL): creates the row at version 1 unless one exists. Later writes: replace the payload
-- if the row is still at p_expected. Returns the new version, or NULL when refused.
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_service text, p_state_name text, p_n0 bigint, p_n1 bigint, p_extension text,
    p_id_hash integer, p_type_hash integer, p_expected integer, p_payload bytea)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_new integer;
BEGIN
    IF p_expected IS NULL THEN
        INSERT INTO OrleansStorage
            (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString,
             GrainIdHash, GrainTypeHash, PayloadBinary, Version)
        VALUES (p_service, p_state_name, p_n0, p_n1, p_extension, p_id_hash, p_type_hash, p_payload, 1)
        ON CONFLICT (GrainKey) DO NOTHING
        RETURNING Version INTO v_new;
    ELSE
        UPDATE OrleansStorage
        SET PayloadBinary = p_payload, Version = orleans_next_version(Version), ModifiedOn = now(),
            GrainIdHash = p_id_hash, GrainTypeHash = p_type_hash
        WHERE GrainKey = orleans_storage_key(p_service, p_state_name, p_n0, p_n1, p_extension)
          AND Version = p_expected
        RETURNING Version INTO v_new;
    END IF;
    RETURN v_new;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE GrainKey = orleans_storage_key(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
$q$),

('WriteToStorageKey', $q$
SELECT orleans_storage_write(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
    @GrainIdHash, @GrainTypeHash, @GrainStateVersion, @PayloadBinary) AS NewGrainStateVersion
$q$),

-- Keeps the row (and its version history) but drops the payload; the grain then reads "no state".
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, Version = orleans_next_version(Version), ModifiedOn = now()
    WHERE GrainKey = orleans_storage_key(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
      AND Version = @GrainStateVersion
    RETURNING Version)
SELECT (SELECT Version FROM cleared) AS NewGrainStateVersion
$q$),

-- Removes the row; answers the deleted version's successor so that the provider sees a change.
('DeleteStorageKey', $q$
WITH deleted AS (
    DELETE FROM OrleansStorage
    WHERE GrainKey = orleans_storage_key(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
      AND Version = @GrainStateVersion
    RETURNING Version)
SELECT (SELECT orleans_next_version(Version) FROM deleted) AS NewGrainStateVersion
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
