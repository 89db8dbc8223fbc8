-- 001_orders.sql - orders, their priced lines, the sellers they ship from, their history and
-- the shipments logistics reported. Money is integer won; times are timestamptz (UTC).

CREATE TABLE orders (
    id              text PRIMARY KEY,                 -- UUID in text form
    idempotency_key text UNIQUE,                      -- PlaceOrder's key; NULL for imports
    request_hash    bytea,                            -- sha256 of the serialized PlaceOrder
    import_ref      text UNIQUE,                      -- old order number of an import
    customer_id     text NOT NULL,
    channel         smallint NOT NULL,                -- dure.v1.Channel
    institution     text NOT NULL DEFAULT '',         -- B2G buyer
    status          smallint NOT NULL,                -- dure.v1.OrderStatus
    postcode        text NOT NULL DEFAULT '',         -- shipping address: personal data
    line1           text NOT NULL DEFAULT '',
    line2           text NOT NULL DEFAULT '',
    recipient       text NOT NULL DEFAULT '',
    phone           text NOT NULL DEFAULT '',
    total_krw       bigint NOT NULL CHECK (total_krw >= 0),
    supply_krw      bigint NOT NULL,
    vat_krw         bigint NOT NULL,
    payment_ref     text NOT NULL DEFAULT '',
    campaign_id     text NOT NULL DEFAULT '',
    campaign_name   text NOT NULL DEFAULT '',
    reserved        boolean NOT NULL DEFAULT false,   -- catalog holds stock for it
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX orders_customer_idx ON orders (customer_id, created_at DESC, id);
CREATE INDEX orders_status_idx ON orders (status, created_at DESC, id);
CREATE INDEX orders_created_idx ON orders (created_at DESC, id);

CREATE TABLE order_lines (
    order_id        text NOT NULL REFERENCES orders (id),
    line_no         smallint NOT NULL,
    product_id      text NOT NULL,
    product_name    text NOT NULL DEFAULT '',
    enterprise_id   text NOT NULL DEFAULT '',
    category        text NOT NULL DEFAULT '',
    region          text NOT NULL DEFAULT '',
    quantity        bigint NOT NULL CHECK (quantity > 0),
    unit_price_krw  bigint NOT NULL CHECK (unit_price_krw >= 0),
    line_total_krw  bigint NOT NULL,
    tax_class       smallint NOT NULL DEFAULT 0,
    physical        boolean NOT NULL DEFAULT true,
    length_mm       integer NOT NULL DEFAULT 0,
    width_mm        integer NOT NULL DEFAULT 0,
    height_mm       integer NOT NULL DEFAULT 0,
    weight_g        integer NOT NULL DEFAULT 0,
    temperature     smallint NOT NULL DEFAULT 0,
    fragile         boolean NOT NULL DEFAULT false,
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_lines_product_idx ON order_lines (product_id);

-- The seller of each enterprise on the order as the catalog quoted it (dure.v1.Enterprise,
-- serialized): OrderConfirmed carries it to logistics.
CREATE TABLE order_sellers (
    order_id        text NOT NULL REFERENCES orders (id),
    enterprise_id   text NOT NULL,
    seller          bytea NOT NULL,
    PRIMARY KEY (order_id, enterprise_id)
);

CREATE TABLE order_history (
    order_id        text NOT NULL REFERENCES orders (id),
    seq             integer NOT NULL,
    status          smallint NOT NULL,
    at              timestamptz NOT NULL,
    cause_type      text NOT NULL,                    -- request or event type
    cause_id        text NOT NULL,                    -- its envelope id
    note            text NOT NULL DEFAULT '',
    PRIMARY KEY (order_id, seq)
);

CREATE TABLE order_shipments (
    order_id        text NOT NULL REFERENCES orders (id),
    shipment_id     text NOT NULL,
    enterprise_id   text NOT NULL DEFAULT '',
    status          smallint NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (order_id, shipment_id)
);
