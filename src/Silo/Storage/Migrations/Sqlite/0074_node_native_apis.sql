-- As PostgreSQL's 0074: the client APIs a node serves itself, comma-separated names; NULL: none.
ALTER TABLE gpu_nodes ADD COLUMN native_apis TEXT NULL;
