-- Client APIs a node serves itself besides chat and completions (e.g. 'responses': vLLM's /v1/responses), as a
-- comma-separated list of names; NULL: none. Requests of such a surface are passed through to the node natively.
ALTER TABLE gpu_nodes ADD COLUMN IF NOT EXISTS native_apis text NULL;
