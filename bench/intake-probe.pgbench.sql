-- The matching probe every intake of a new person runs, put by `npm run bench:intake` before the
-- minimal transaction (bench/intake-minimal.pgbench.sql) into one script: the nearest 60 names within
-- +-2 years of the birth year, none of the other sex, from the GiST index on (birth_year, sex,
-- search_name), as MatchingService asks it. Names are the benchmark's arrivals (table bench_arrivals,
-- filled by the benchmark), so the probe does the work it does for the API. Not the target's
-- baseline: it shows how much of the distance to the minimal transaction the probe alone accounts for.
-- Takes -D arrivals=<n> besides the minimal transaction's -D shelters=<n>.
\set arrival random(1, :arrivals)
SELECT search_name, birth_year, other_sex FROM bench_arrivals WHERE n = :arrival \gset
SELECT id FROM persons
 WHERE birth_year BETWEEN :birth_year::int - 2 AND :birth_year::int + 2 AND sex <> :other_sex AND erased_at IS NULL
 ORDER BY search_name <-> :search_name LIMIT 60;
