-- The matching probe every intake of a new person runs, put by `npm run bench:intake` before the
-- minimal transaction (bench/intake-minimal.pgbench.sql) into one script: MatchingService's two
-- statements (misspellingsQuery, then matchCandidatesQuery), which the benchmark appends below these
-- lines, their parameters $1, $2, ... written :s1p1, :s1p2, ... and :s2p1, :s2p2, ... Those are the
-- columns of the benchmark's arrivals (table bench_arrivals, filled by the benchmark), so the probe
-- does the work it does for the API. Not the target's baseline: it shows how much of the distance
-- to the minimal transaction the probe alone accounts for. Takes -D arrivals=<n> besides the
-- minimal transaction's -D shelters=<n>.
\set arrival random(1, :arrivals)
SELECT * FROM bench_arrivals WHERE n = :arrival \gset
