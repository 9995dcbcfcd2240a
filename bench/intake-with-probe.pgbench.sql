-- The minimal intake transaction (bench/intake-minimal.pgbench.sql) preceded by the matching probe
-- every intake of a new person runs: the nearest 60 names within +-2 years of the birth year, none
-- of the other sex, from the GiST index on (birth_year, sex, search_name), as MatchingService asks
-- it. Names are the benchmark's arrivals (table bench_arrivals, filled by `npm run bench:intake`),
-- so the probe does the work it does for the API. Not the target's baseline: it shows how much of
-- the distance to the minimal transaction the probe alone accounts for.
--   pgbench -n -M prepared -f bench/intake-with-probe.pgbench.sql -D shelters=<1..n> -D arrivals=<n> ...
\set shelter random(1, :shelters)
\set arrival random(1, :arrivals)
\set n random(1, 1000000000)
SELECT search_name, birth_year, other_sex FROM bench_arrivals WHERE n = :arrival \gset
SELECT id FROM persons
 WHERE birth_year BETWEEN :birth_year::int - 2 AND :birth_year::int + 2 AND sex <> :other_sex AND erased_at IS NULL
 ORDER BY search_name <-> :search_name LIMIT 60;
BEGIN;
INSERT INTO persons (given_names, family_names, sex, birth_date, nationality, search_name, birth_year)
  VALUES ('Minima ' || :n::text, 'Lopez Garcia', 'male', '1990-01-01', 'HN', 'minima ' || :n::text || ' lopez garcia', 1990)
  RETURNING id AS person_id \gset
INSERT INTO stays (shelter_id, person_id, case_number, checked_in_at)
  VALUES (('00000000-0000-4000-8000-' || lpad(:shelter::text, 12, '0'))::uuid, :person_id::uuid,
          'PGB-2026-' || lpad(nextval('bench_case_numbers')::text, 6, '0'), now());
INSERT INTO audit_events (actor_id, actor_role, action, entity_type, entity_id, request_id, ip, details)
  VALUES (NULL, 'shelter_worker', 'intake', 'person', :person_id::text, 'pgbench', '127.0.0.1',
          jsonb_build_object('ids', jsonb_build_array(:person_id::text)));
COMMIT;
