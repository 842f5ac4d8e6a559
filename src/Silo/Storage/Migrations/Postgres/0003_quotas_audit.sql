-- Central quota rows (issue 4): one per limit of a key or tenant. Silos lease slices of `remaining`
-- through quota_acquire(), one atomic statement per refill; the hot path never touches these tables.
CREATE TABLE quota_rows (
    scope             text        NOT NULL,
    owner_id          text        NOT NULL,
    kind              text        NOT NULL,
    lim               bigint      NOT NULL,
    remaining         numeric     NOT NULL,  -- central, not leased; fractional for a bucket's refill
    refill_per_minute bigint      NULL,      -- set for a per-minute bucket
    refilled_at       timestamptz NOT NULL,
    period_end        timestamptz NULL,      -- set for a budget: end of the current UTC day/month
    PRIMARY KEY (scope, owner_id, kind)
);

-- What each silo holds of a quota (as of its last grant or return), for the fair bucket ceiling and for
-- "used = limit − remaining − held" in the budget API.
CREATE TABLE quota_leases (
    scope      text        NOT NULL,
    owner_id   text        NOT NULL,
    kind       text        NOT NULL,
    silo_id    text        NOT NULL,
    held       bigint      NOT NULL,
    version    bigint      NOT NULL DEFAULT 1,  -- bumped by each grant; a silo's held report applies only to its version
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (scope, owner_id, kind, silo_id)
);

CREATE TABLE quota_silos (
    silo_id text        NOT NULL PRIMARY KEY,
    seen_at timestamptz NOT NULL
);

CREATE FUNCTION quota_acquire(
    p_scope text, p_owner text, p_kind text, p_lim bigint, p_refill bigint, p_period_end timestamptz,
    p_wanted bigint, p_live integer, p_silo text, p_held bigint, p_duration_ms bigint)
RETURNS TABLE (granted bigint, central_remaining bigint, period_end timestamptz, lease_version bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_now   timestamptz := clock_timestamp();
    v_row   quota_rows%ROWTYPE;
    v_level numeric;
    v_end   timestamptz;
    v_share bigint;
    v_grant bigint;
    v_other bigint;
    v_version bigint;
BEGIN
    INSERT INTO quota_rows AS q (scope, owner_id, kind, lim, remaining, refill_per_minute, refilled_at, period_end)
    VALUES (p_scope, p_owner, p_kind, p_lim, p_lim, p_refill, v_now, CASE WHEN p_refill IS NULL THEN p_period_end END)
    ON CONFLICT DO NOTHING;

    SELECT * INTO v_row FROM quota_rows q WHERE q.scope = p_scope AND q.owner_id = p_owner AND q.kind = p_kind FOR UPDATE;

    -- A changed limit moves what remains by the difference: what was used stays used.
    v_level := v_row.remaining + (p_lim - v_row.lim);
    v_end := v_row.period_end;
    IF p_refill IS NOT NULL THEN
        v_level := v_level + GREATEST(0, EXTRACT(EPOCH FROM (v_now - v_row.refilled_at))) * p_refill / 60.0;
        SELECT COALESCE(SUM(l.held), 0) INTO v_other FROM quota_leases l
         WHERE l.scope = p_scope AND l.owner_id = p_owner AND l.kind = p_kind AND l.silo_id <> p_silo AND l.expires_at > v_now;
        -- Central plus every silo's slice never exceeds the capacity.
        v_level := LEAST(v_level, GREATEST(0, p_lim - v_other - p_held));
    ELSIF v_end IS NULL OR v_end <= v_now THEN
        -- A new day/month: the budget starts over; slices of the old window are worthless.
        v_level := p_lim;
        v_end := p_period_end;
        DELETE FROM quota_leases l WHERE l.scope = p_scope AND l.owner_id = p_owner AND l.kind = p_kind;
    END IF;

    v_share := CASE WHEN v_level < 1 THEN 0 ELSE GREATEST(1, floor(v_level / (2 * GREATEST(1, p_live))))::bigint END;
    v_grant := GREATEST(0, LEAST(p_wanted, v_share));

    UPDATE quota_rows q
       SET lim = p_lim, remaining = v_level - v_grant, refill_per_minute = p_refill,
           refilled_at = GREATEST(q.refilled_at, v_now), period_end = v_end
     WHERE q.scope = p_scope AND q.owner_id = p_owner AND q.kind = p_kind;

    INSERT INTO quota_leases AS l (scope, owner_id, kind, silo_id, held, expires_at)
    VALUES (p_scope, p_owner, p_kind, p_silo, p_held + v_grant, v_now + p_duration_ms * interval '1 millisecond')
    ON CONFLICT (scope, owner_id, kind, silo_id) DO UPDATE SET held = EXCLUDED.held, expires_at = EXCLUDED.expires_at, version = l.version + 1
    RETURNING l.version INTO v_version;

    RETURN QUERY SELECT v_grant, floor(v_level - v_grant)::bigint, v_end, v_version;
END;
$$;

CREATE FUNCTION quota_return(p_scope text, p_owner text, p_kind text, p_silo text, p_amount bigint, p_period_end timestamptz)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE quota_rows q
       SET remaining = CASE WHEN q.refill_per_minute IS NULL THEN q.remaining + p_amount ELSE LEAST(q.lim, q.remaining + p_amount) END
     WHERE q.scope = p_scope AND q.owner_id = p_owner AND q.kind = p_kind
       AND q.period_end IS NOT DISTINCT FROM p_period_end;
    UPDATE quota_leases l SET held = GREATEST(0, l.held - p_amount)
     WHERE l.scope = p_scope AND l.owner_id = p_owner AND l.kind = p_kind AND l.silo_id = p_silo;
END;
$$;

-- Revocations and limit changes reach every silo through LISTEN gatolink_directory (see DirectoryListener).
CREATE FUNCTION gatolink_notify_directory() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('gatolink_directory', TG_TABLE_NAME);
    RETURN NULL;
END;
$$;

CREATE TRIGGER api_keys_notify AFTER INSERT OR UPDATE OR DELETE ON api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION gatolink_notify_directory();
CREATE TRIGGER tenants_notify AFTER INSERT OR UPDATE OR DELETE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION gatolink_notify_directory();

-- Every admin mutation: who, what, when, before/after (JSON, secrets never included).
CREATE TABLE audit_log (
    id           bigserial   NOT NULL PRIMARY KEY,
    at           timestamptz NOT NULL,
    actor_key_id uuid        NULL,
    tenant_id    uuid        NULL,
    action       text        NOT NULL,
    target       text        NOT NULL,
    before_json  text        NULL,
    after_json   text        NULL
);

CREATE INDEX ix_audit_log_tenant_at ON audit_log (tenant_id, at);
CREATE INDEX ix_audit_log_at ON audit_log (at);

-- Old secrets of rotated keys, valid until expires_at (rotation with a grace period).
CREATE TABLE api_key_grace (
    secret_hash bytea       NOT NULL PRIMARY KEY CHECK (length(secret_hash) = 32),
    key_id      uuid        NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL
);
