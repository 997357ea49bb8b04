-- wrk script for Benchmarks/fleet.sh: cycles through the tokens in the file named after `--`, one per request, each
-- thread starting at another place, so that every token is asked for again and again through every replica.
function init(args)
  tokens = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(tokens, line) end
  end
  next_token = math.random(1, #tokens)
end

function request()
  next_token = next_token % #tokens + 1
  return wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. tokens[next_token] })
end
