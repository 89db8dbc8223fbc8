-- 003_no_second_index_on_order.sql - shipments are found by order through the unique index.
--
-- The unique index on (order_id, enterprise_id, temperature) starts with the order, so it
-- answers "the shipments of an order" as well; the index on order_id alone only cost an
-- entry per shipment written.
DROP INDEX shipments_order_idx;
