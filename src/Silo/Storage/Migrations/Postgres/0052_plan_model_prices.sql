-- A plan's own prices of some models (they replace the models' prices for its tenants): a JSON array of
-- {"Model", "InputMicrosPerMillion", "OutputMicrosPerMillion"} (integer micro-USD per million tokens), written with the
-- plan's row so a version and its prices change together. NULL: none.
ALTER TABLE plans ADD COLUMN model_prices TEXT NULL;
