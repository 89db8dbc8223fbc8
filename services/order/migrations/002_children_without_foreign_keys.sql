-- 002_children_without_foreign_keys.sql - an order's lines, sellers and history steps keep no
-- foreign key to the order.
--
-- Each of these rows is written by the statement that writes or updates its order, from
-- that statement's own RETURNING (order_insert and order_import hang the lines, sellers and
-- first step off the INSERT of the orders; order_transition hangs the step off the UPDATE),
-- and orders are never deleted, so the keys never caught anything. Their checks (a lookup
-- and a row lock of the order per row) were a quarter of the intake statement's execution
-- time; docs/PERFORMANCE.md has the figures. order_shipments, written by events about orders
-- stored earlier, keeps its key.
ALTER TABLE order_lines DROP CONSTRAINT order_lines_order_id_fkey;
ALTER TABLE order_sellers DROP CONSTRAINT order_sellers_order_id_fkey;
ALTER TABLE order_history DROP CONSTRAINT order_history_order_id_fkey;
