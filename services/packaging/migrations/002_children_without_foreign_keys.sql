-- 002_children_without_foreign_keys.sql - a parcel's materials and verdicts keep no foreign
-- key to their parcel.
--
-- They are written only by the statement that writes their parcel (packaging_save, from one
-- JSON record) and deleted only together with it (packaging_clear), so the key never caught
-- anything; its check cost a third of that statement's execution time (one lookup and row
-- lock of the parcel per material and per verdict). docs/PERFORMANCE.md has the figures.
-- The parcels keep theirs to the record.
ALTER TABLE parcel_materials DROP CONSTRAINT parcel_materials_shipment_id_parcel_idx_fkey;
ALTER TABLE rule_results DROP CONSTRAINT rule_results_shipment_id_parcel_idx_fkey;
