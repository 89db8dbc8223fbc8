-- 002_tracking_number_blocks.sql - tracking numbers are handed out in blocks of 100.
--
-- Each instance takes a block with one nextval and numbers the next 100 shipments from it
-- in memory, instead of asking PostgreSQL once per order. Blocks never overlap, so numbers
-- stay unique across instances; the rest of a block is skipped when its instance stops, and
-- numbers of shipments in a rolled-back batch are not used again. The next block starts
-- above every number given out so far.
ALTER SEQUENCE tracking_seq INCREMENT BY 100;
