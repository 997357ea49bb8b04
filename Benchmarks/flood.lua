-- wrk script for Benchmarks/flood.sh: every request carries a bearer token nobody issued, new each time (so no
-- cache can answer it), and the answers are counted by status.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  sent, s200, s401, s429, s503, other = 0, 0, 0, 0, 0, 0
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  sent = sent + 1
  local token = string.format("flood-%08x%08x-%d", math.random(0, 0x7fffffff), math.random(0, 0x7fffffff), sent)
  return wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
  if status == 200 then s200 = s200 + 1
  elseif status == 401 then s401 = s401 + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status == 503 then s503 = s503 + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local totals = { s200 = 0, s401 = 0, s429 = 0, s503 = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  io.write(string.format("flood statuses: %d x 200, %d x 401, %d x 429, %d x 503, %d other\n",
    totals.s200, totals.s401, totals.s429, totals.s503, totals.other))
end
