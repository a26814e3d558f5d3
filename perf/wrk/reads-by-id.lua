-- perf/bench's wrk script for (a) and (c): GET /api/v1/customers/{id} of a random seeded customer, with the
-- bearer token the runner sends, so wrk measures the same request as the runner's `reads` profile.
--
-- Environment: BSS_WRK_SEED (the seed file, one JSON object a line with "id"), BSS_WRK_TOKEN (an access token),
-- BSS_WRK_TARGETS (optional, "host:port,host:port"): thread i connects to target i modulo their number, so with
-- -t2 and two silos each silo gets one thread and half the connections. Without it every thread uses the URL's host.

local targets = {}
local threads = 0

function setup(thread)
  if #targets == 0 then
    for target in string.gmatch(os.getenv("BSS_WRK_TARGETS") or "", "[^,]+") do
      local host, port = string.match(target, "^(.+):(%d+)$")
      targets[#targets + 1] = wrk.lookup(host, port)[1]
    end
  end
  if #targets > 0 then
    thread.addr = targets[(threads % #targets) + 1]
  end
  thread:set("id", threads)
  threads = threads + 1
end

local ids = {}
local headers = {}

function init(args)
  local seed = assert(os.getenv("BSS_WRK_SEED"), "BSS_WRK_SEED is not set")
  for line in io.lines(seed) do
    local id = string.match(line, '"id"%s*:%s*"([0-9a-fA-F-]+)"')
    if id then ids[#ids + 1] = id end
  end
  assert(#ids > 0, "no ids in " .. seed)
  headers["Authorization"] = "Bearer " .. assert(os.getenv("BSS_WRK_TOKEN"), "BSS_WRK_TOKEN is not set")
  headers["Accept"] = "application/json"
  -- Each thread its own sequence of random records.
  math.randomseed(os.time() + (id or 0) * 7919)
end

function request()
  return wrk.format("GET", "/api/v1/customers/" .. ids[math.random(#ids)], headers)
end
