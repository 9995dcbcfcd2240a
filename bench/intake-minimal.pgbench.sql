-- The minimal intake transaction, the floor `npm run bench:intake` compares the API with (issue 19):
-- a person (into persons, with its trigram-indexed search_name and every other index the schema has),
-- a stay with a case number from a plain sequence, and an audit row. Run by pgbench:
--   pgbench -n -M prepared -f bench/intake-minimal.pgbench.sql -D shelters=<1..n> -c 16 -T 15 <database>
-- Shelters are the benchmark's, numbered 1..n in their ids (00000000-0000-4000-8000-00000000000<n>).
\set shelter random(1, :shelters)
\set n random(1, 1000000000)
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
