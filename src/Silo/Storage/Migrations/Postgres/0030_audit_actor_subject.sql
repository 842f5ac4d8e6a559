-- Who did it when the caller signed in through OpenID Connect rather than with an admin key: the identity
-- provider's subject and display name. For an admin key the subject is key/<id> and the name the key's name.
ALTER TABLE audit_log ADD COLUMN actor_subject text NULL;
ALTER TABLE audit_log ADD COLUMN actor_name text NULL;
