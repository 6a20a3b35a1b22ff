-- wrk script for bench/run's external-load phase: sends pre-signed, unique Stripe events read from the
-- file named after `--` (one "Stripe-Signature<TAB>body" a line), counts 202s, and prints one summary line.
local requests = {}
local next_request = 0
accepted = 0
other = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local signature, body = line:match("^([^\t]*)\t(.*)$")
    requests[#requests + 1] = wrk.format("POST", nil,
      { ["Content-Type"] = "application/json", ["Stripe-Signature"] = signature }, body)
  end
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 else other = other + 1 end
end

function done(summary, latency, requests_stats)
  local ok, rest = 0, 0
  for _, t in ipairs(threads) do
    ok = ok + t:get("accepted")
    rest = rest + t:get("other")
  end
  io.write(string.format(
    "JUNCTION_WRK {\"duration_us\":%d,\"requests\":%d,\"accepted\":%d,\"other\":%d,\"socket_errors\":%d,\"p50_us\":%d,\"p99_us\":%d,\"max_us\":%d}\n",
    summary.duration, summary.requests, ok, rest,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
