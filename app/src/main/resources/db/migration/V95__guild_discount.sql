-- The guild discount (SPEC §2.3): a percentage taken off a template's hourly and setup price when a
-- guild treasury pays. Catalog data like the prices: 5 % for every template, the predecessor's figure.
ALTER TABLE server_template
    ADD COLUMN guild_discount_percent INT NOT NULL DEFAULT 5
        CHECK (guild_discount_percent BETWEEN 0 AND 100);
