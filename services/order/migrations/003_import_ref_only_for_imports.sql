-- 003_import_ref_only_for_imports.sql - the import reference is indexed only where it is set.
--
-- Orders placed through PlaceOrder have no import reference, yet the unique constraint gave
-- each of them an index entry, and every status step (not a HOT update: the status is
-- indexed) wrote another. A partial unique index keeps imports idempotent (order_import
-- names its predicate in ON CONFLICT) without those entries.
ALTER TABLE orders DROP CONSTRAINT orders_import_ref_key;
CREATE UNIQUE INDEX orders_import_ref ON orders (import_ref) WHERE import_ref IS NOT NULL;
