-- 001_logistics.sql - carriers, shipments, their parcels (planned and packed) and their
-- tracking history. Times are UTC milliseconds (bigint), as on the wire.

-- Carriers the mall ships with. tracking_prefix starts the tracking numbers logistics gives
-- out until a carrier's own number range is wired in (docs/LOGISTICS.md).
CREATE TABLE carriers (
    code            text PRIMARY KEY,                -- "cj", "epost", ...
    name            text NOT NULL,
    tracking_prefix text NOT NULL UNIQUE,
    active          boolean NOT NULL DEFAULT true    -- inactive carriers get no new shipments
);
INSERT INTO carriers (code, name, tracking_prefix) VALUES
    ('cj', 'CJ대한통운 (CJ Logistics)', 'CJ'),
    ('epost', '우체국택배 (Korea Post)', 'EP'),
    ('hanjin', '한진택배 (Hanjin)', 'HJ'),
    ('lotte', '롯데택배 (Lotte Global Logistics)', 'LT');

-- Tracking numbers: carrier prefix + this sequence, zero-padded to 10 digits.
CREATE SEQUENCE tracking_seq;

-- One shipment per order, seller and temperature class.
CREATE TABLE shipments (
    id              text PRIMARY KEY,                -- UUID
    order_id        text NOT NULL,
    enterprise_id   text NOT NULL,
    temperature     smallint NOT NULL,               -- dure.v1.TemperatureClass
    status          smallint NOT NULL,               -- dure.v1.ShipmentStatus
    status_at_ms    bigint NOT NULL,                 -- carrier time of the current status
    carrier         text NOT NULL REFERENCES carriers (code),
    tracking_number text NOT NULL UNIQUE,
    ship_from       bytea NOT NULL,                  -- dure.v1.Address, serialized (personal)
    ship_to         bytea NOT NULL,                  -- dure.v1.Address, serialized (personal)
    sales_krw       bigint NOT NULL,                 -- sales value of the shipment's lines
    return_needed   boolean NOT NULL DEFAULT false,  -- order cancelled after dispatch
    created_at_ms   bigint NOT NULL,
    updated_at_ms   bigint NOT NULL,
    UNIQUE (order_id, enterprise_id, temperature)
);
CREATE INDEX shipments_order_idx ON shipments (order_id);
CREATE INDEX shipments_seller_idx ON shipments (enterprise_id, status, created_at_ms, id);

-- Parcels of a shipment: the plan (stage 1) and what the packer reported (stage 2), which
-- replaces the plan in every answer. detail holds the whole dure.v1.Parcel (placed items,
-- materials); the columns beside it are for queries.
CREATE TABLE parcels (
    shipment_id        text NOT NULL REFERENCES shipments (id),
    stage              smallint NOT NULL CHECK (stage IN (1, 2)),
    seq                smallint NOT NULL,
    box_code           text NOT NULL,
    inner_volume_cm3   bigint NOT NULL,
    product_volume_cm3 bigint NOT NULL,
    fill_ratio         double precision NOT NULL,
    gross_weight_g     integer NOT NULL,
    detail             bytea NOT NULL,
    PRIMARY KEY (shipment_id, stage, seq)
);

-- Every status report and step of a shipment. event_key makes reports idempotent: the
-- carrier's event id ("c:<id>"), else status and time ("t:<status>:<ms>"); steps logistics
-- takes itself are "s:planned", "s:packed:<ms>", "s:cancelled".
CREATE TABLE tracking_events (
    shipment_id      text NOT NULL REFERENCES shipments (id),
    event_key        text NOT NULL,
    status           smallint NOT NULL,
    at_ms            bigint NOT NULL,                -- carrier time
    location         text NOT NULL DEFAULT '',
    carrier_event_id text NOT NULL DEFAULT '',
    applied          boolean NOT NULL,               -- it moved the shipment's status
    recorded_at_ms   bigint NOT NULL,
    seq              bigserial,                      -- arrival order, for ties in at_ms
    PRIMARY KEY (shipment_id, event_key)
);

-- Orders cancelled, so that an OrderConfirmed arriving after its OrderCancelled plans nothing.
CREATE TABLE cancelled_orders (
    order_id        text PRIMARY KEY,
    reason          text NOT NULL DEFAULT '',
    at_ms           bigint NOT NULL
);
