-- 001_catalog.sql - the catalog: categories, regions, enterprises, products, campaigns, and
-- the stock reservations of orders.
--
-- Nothing here is ever deleted: enterprises whose certification lapsed and inactive products
-- stay, hidden from listings and refused by quotes and reservations. Every change of an
-- enterprise, product or campaign bumps its version; the cache keeps only newer versions.

-- The 12 categories of the mall (../shared/data/categories_2018-08.csv, August 2018).
CREATE TABLE categories (
    code text PRIMARY KEY,
    position smallint NOT NULL UNIQUE,
    name_ko text NOT NULL,
    name_en text NOT NULL
);
INSERT INTO categories (code, position, name_ko, name_en) VALUES
    ('rice_grains', 1, '쌀/잡곡', 'rice and grains'),
    ('produce_boxes', 2, '과일/채소/꾸러미', 'fruit vegetables and mixed boxes'),
    ('meat_seafood', 3, '축/수산물', 'meat and seafood'),
    ('side_dishes_sauces', 4, '반찬/장류', 'side dishes and fermented sauces'),
    ('processed_food', 5, '가공식품', 'processed food'),
    ('health_food', 6, '건강식품', 'health food'),
    ('lunch_catering', 7, '도시락/단체급식', 'lunch boxes and catering'),
    ('household_goods', 8, '생활용품', 'household goods'),
    ('education_culture', 9, '교육/문화/체험', 'education culture and experiences'),
    ('services', 10, '서비스', 'services'),
    ('computer_peripherals', 11, '컴퓨터 주변기기', 'computer peripherals'),
    ('care_services', 12, '돌봄서비스', 'care services');

-- Chungcheongnam-do (충청남도): 8 cities and 7 counties, in the province's official order.
CREATE TABLE regions (
    name text PRIMARY KEY,
    position smallint NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('city', 'county'))
);
INSERT INTO regions (name, position, kind) VALUES
    ('천안시', 1, 'city'), ('공주시', 2, 'city'), ('보령시', 3, 'city'), ('아산시', 4, 'city'),
    ('서산시', 5, 'city'), ('논산시', 6, 'city'), ('계룡시', 7, 'city'), ('당진시', 8, 'city'),
    ('금산군', 9, 'county'), ('부여군', 10, 'county'), ('서천군', 11, 'county'),
    ('청양군', 12, 'county'), ('홍성군', 13, 'county'), ('예산군', 14, 'county'),
    ('태안군', 15, 'county');

-- Member enterprises. kind is dure.v1.EnterpriseKind (1 social .. 6 self-sufficiency).
CREATE TABLE enterprises (
    id text PRIMARY KEY,
    name text NOT NULL,
    kind smallint NOT NULL CHECK (kind BETWEEN 1 AND 6),
    region text NOT NULL REFERENCES regions (name),
    ship_postcode text NOT NULL,
    ship_line1 text NOT NULL,
    ship_line2 text NOT NULL DEFAULT '',
    ship_recipient text NOT NULL DEFAULT '',
    ship_phone text NOT NULL DEFAULT '',
    certified_from date NOT NULL,
    certified_until date NOT NULL,
    default_carrier text NOT NULL DEFAULT '',
    version bigint NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (certified_until >= certified_from)
);
CREATE INDEX enterprises_region ON enterprises (region, id);

-- Products. tax_class is dure.v1.TaxClass, temperature dure.v1.TemperatureClass. Products
-- that are not physical hold no stock (always 0). Stock never goes below zero.
CREATE TABLE products (
    id text PRIMARY KEY,
    enterprise_id text NOT NULL REFERENCES enterprises (id),
    category text NOT NULL REFERENCES categories (code),
    name text NOT NULL,
    price_krw bigint NOT NULL CHECK (price_krw > 0),
    tax_class smallint NOT NULL CHECK (tax_class IN (1, 2)),
    stock bigint NOT NULL DEFAULT 0 CHECK (stock >= 0),
    length_mm integer NOT NULL DEFAULT 0 CHECK (length_mm >= 0),
    width_mm integer NOT NULL DEFAULT 0 CHECK (width_mm >= 0),
    height_mm integer NOT NULL DEFAULT 0 CHECK (height_mm >= 0),
    weight_g integer NOT NULL DEFAULT 0 CHECK (weight_g >= 0),
    temperature smallint NOT NULL CHECK (temperature BETWEEN 1 AND 3),
    fragile boolean NOT NULL DEFAULT false,
    physical boolean NOT NULL DEFAULT true,
    active boolean NOT NULL DEFAULT true,
    version bigint NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (physical OR stock = 0)
);
CREATE INDEX products_category ON products (category, id);
CREATE INDEX products_enterprise ON products (enterprise_id, id);

-- Seasonal sales events; dates in the mall's time zone, inclusive.
CREATE TABLE campaigns (
    id text PRIMARY KEY,
    name text NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    discount_percent smallint NOT NULL CHECK (discount_percent BETWEEN 0 AND 90),
    categories text[] NOT NULL DEFAULT '{}',
    product_ids text[] NOT NULL DEFAULT '{}',
    version bigint NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on)
);

-- What the catalog did with each order it heard of: 'reserved', 'rejected', or 'cancelled'
-- (a cancellation seen, before or after the OrderPlaced). A known order is never reserved
-- again, so a re-sent OrderPlaced or one arriving after its OrderCancelled changes nothing.
CREATE TABLE stock_orders (
    order_id text PRIMARY KEY,
    status text NOT NULL CHECK (status IN ('reserved', 'rejected', 'cancelled')),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Units held for an order, per product; released_at is set once, when the order is cancelled.
CREATE TABLE reservations (
    order_id text NOT NULL REFERENCES stock_orders (order_id),
    product_id text NOT NULL REFERENCES products (id),
    quantity bigint NOT NULL CHECK (quantity > 0),
    reserved_at timestamptz NOT NULL DEFAULT now(),
    released_at timestamptz,
    PRIMARY KEY (order_id, product_id)
);
CREATE INDEX reservations_product ON reservations (product_id) WHERE released_at IS NULL;
