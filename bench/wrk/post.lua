-- wrk script: POST the JSON bodies of a file (one a line) to /graphql in turn, each thread
-- starting at its own offset; prints the summary as one JSON line for bench/http.py to read.
--   wrk -t2 -c32 -d8s -s bench/wrk/post.lua http://127.0.0.1:8101 -- bodies.jsonl [accept-encoding]

local bodies = {}
local index = 0
local headers = { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end

function init(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  index = (offset or 0) % #bodies
  if args[2] then
    headers["Accept-Encoding"] = args[2] -- ask for compressed answers, as browsers do
  end
end

function request()
  index = index % #bodies + 1
  return wrk.format("POST", "/graphql", headers, bodies[index])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests":%d,"duration_us":%d,"bytes":%d,"status_errors":%d,"socket_errors":%d,' ..
    '"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect + e.read + e.write,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
