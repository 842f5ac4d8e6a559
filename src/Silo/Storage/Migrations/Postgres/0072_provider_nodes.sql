-- External providers as nodes: a provider is never placed first, only as overflow or fallback along a model's chain.
-- credential: the node's API key as Data Protection ciphertext (never the key itself); NULL: none.
-- provider_prices: what the provider charges per model, a JSON array of
-- {"Model", "InputMicrosPerMillion", "OutputMicrosPerMillion"} (integer micro-USD per million tokens); NULL: none.
ALTER TABLE gpu_nodes ADD COLUMN IF NOT EXISTS external boolean NOT NULL DEFAULT false;
ALTER TABLE gpu_nodes ADD COLUMN IF NOT EXISTS credential text NULL;
ALTER TABLE gpu_nodes ADD COLUMN IF NOT EXISTS provider_prices text NULL;
