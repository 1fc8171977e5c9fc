-- Replays pre-signed Twilio webhooks (bench-webhooks' requests.tsv: `signature<TAB>body` lines).
--
--   wrk -t2 -c32 -d5s -s bench/wrk/signed.lua http://127.0.0.1:8090 -- requests.tsv 2 0 /whatsapp
--
-- args: file, thread count, start line, path, pace. Thread k sends lines k, k+n, k+2n, … from the start
-- line on, so no two requests of one run share a MessageSid unless the file runs out; `wrapped`
-- in the result counts how often a thread started over (non-zero means repeated SIDs).
-- A pace (milliseconds, optional) makes each connection wait that long after an answer before
-- its next request (wrk's `delay` hook): an offered load below saturation, whose latency is the
-- server's own and not the queue's. wrk does not count the wait in the latency.
-- The requests are formatted once at start, so the generator does little per request.
-- done() prints one JSON line: rps and latency percentiles in microseconds, including p99.9.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads, start, path = args[1], tonumber(args[2]), tonumber(args[3] or "0"), args[4] or "/whatsapp"
  local pace = tonumber(args[5] or "0")
  if pace > 0 then
    -- Defined only when asked: wrk paces a script that has a global `delay` function.
    delay = function() return pace end
  end
  requests_list = {}
  local line_no = 0
  for line in io.lines(file) do
    if line_no % nthreads == tid then
      local tab = line:find("\t", 1, true)
      requests_list[#requests_list + 1] = wrk.format("POST", path, {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Twilio-Signature"] = line:sub(1, tab - 1),
      }, line:sub(tab + 1))
    end
    line_no = line_no + 1
  end
  count = #requests_list
  position = math.floor(start / nthreads) % count
  wrapped = 0
end

function request()
  position = position + 1
  if position > count then
    position = 1
    wrapped = wrapped + 1
  end
  return requests_list[position]
end

function done(summary, latency, requests)
  local wraps = 0
  for _, thread in ipairs(threads) do wraps = wraps + (thread:get("wrapped") or 0) end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,' ..
    '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,"errors_timeout":%d,"wrapped":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout, wraps))
end
