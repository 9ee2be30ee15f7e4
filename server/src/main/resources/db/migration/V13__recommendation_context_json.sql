-- recommendations.context is written once per ranked item (the nightly batch: 50 rows per user,
-- ~5,000 rows/s) and read back whole by the application, never queried inside. As jsonb each row's
-- ~1.5 kB was parsed into a binary form of ~1.8 kB, which pushed the row past PostgreSQL's 2 kB
-- TOAST threshold and into pglz compression: 67 µs of PostgreSQL CPU per inserted row against
-- 42 µs as json, which is only checked for syntax and stays under the threshold (docs/BENCHMARKS.md,
-- "The nightly batch on large, third session"). This rewrites the table once.
ALTER TABLE recommendations ALTER COLUMN context DROP DEFAULT;
ALTER TABLE recommendations ALTER COLUMN context TYPE json USING context::json;
ALTER TABLE recommendations ALTER COLUMN context SET DEFAULT '{}'::json;
