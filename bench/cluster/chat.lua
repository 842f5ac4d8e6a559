-- A non-streaming chat completion with the key from GATOLINK_KEY.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("GATOLINK_KEY")
wrk.body = '{"model":"demo-8b","max_tokens":16,"messages":[{"role":"user","content":"How do rolling restarts work?"}]}'
