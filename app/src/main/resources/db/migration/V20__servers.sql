-- Game servers: catalog (templates, shop), concurrent-server slots, read models.

-- The catalog is data, versioned by migrations (SPEC §2.3). Prices in GC per hour (1000 GC = 1 USD).
-- kind 'player': a game type paid from a wallet (guild_only ones need a treasury);
-- kind 'guild': a treasury-funded template with a one-time setup cost charged with the first hour.
CREATE TABLE server_template (
    id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    game           VARCHAR(64)  NOT NULL,
    name           VARCHAR(128) NOT NULL,
    size           VARCHAR(16),
    tier           VARCHAR(16)  NOT NULL,
    kind           VARCHAR(16)  NOT NULL CHECK (kind IN ('player', 'guild')),
    fleet          VARCHAR(128) NOT NULL,
    cpu_request    VARCHAR(16),
    memory_request VARCHAR(16),
    cpu_limit      VARCHAR(16),
    memory_limit   VARCHAR(16),
    max_players    INT,
    cost_per_hour  BIGINT       NOT NULL CHECK (cost_per_hour > 0),
    setup_cost     BIGINT       NOT NULL DEFAULT 0 CHECK (setup_cost >= 0),
    guild_only     BOOLEAN      NOT NULL DEFAULT FALSE,
    grace_minutes  INT          NOT NULL DEFAULT 120,
    sort_order     INT          NOT NULL
);

INSERT INTO server_template (id, game, name, size, tier, kind, fleet, cpu_request, memory_request, cpu_limit, memory_limit,
                             max_players, cost_per_hour, setup_cost, guild_only, grace_minutes, sort_order) VALUES
    ('minecraft',          'minecraft',          'Minecraft',             NULL, 'solo',     'player', 'agis-dev-fleet',    '500m', '1Gi',   '2', '4Gi',  NULL, 30,  0, FALSE, 120, 10),
    ('terraria',           'terraria',           'Terraria',              NULL, 'solo',     'player', 'wtg-free-fleet',    '250m', '512Mi', '1', '1Gi',  NULL, 35,  0, FALSE, 120, 20),
    ('dontstarvetogether', 'dontstarvetogether', 'Don''t Starve Together', NULL, 'solo',    'player', 'wtg-free-fleet',    '250m', '512Mi', '1', '2Gi',  NULL, 60,  0, FALSE, 120, 30),
    ('starbound',          'starbound',          'Starbound',             NULL, 'solo',     'player', 'wtg-free-fleet',    NULL,   NULL,    NULL, NULL,  NULL, 45,  0, FALSE, 120, 40),
    ('valheim',            'valheim',            'Valheim',               NULL, 'moderate', 'player', 'wtg-free-fleet',    '1',    '4Gi',   '2', '8Gi',  NULL, 120, 0, FALSE, 120, 50),
    ('cs2',                'cs2',                'Counter-Strike 2',      NULL, 'moderate', 'player', 'wtg-premium-fleet', '1',    '2Gi',   '2', '4Gi',  NULL, 120, 0, FALSE, 60,  60),
    ('factorio',           'factorio',           'Factorio',              NULL, 'moderate', 'player', 'wtg-free-fleet',    '500m', '1Gi',   '2', '4Gi',  NULL, 100, 0, FALSE, 120, 70),
    ('garrysmod',          'garrysmod',          'Garry''s Mod',          NULL, 'moderate', 'player', 'wtg-premium-fleet', '500m', '2Gi',   '2', '4Gi',  NULL, 95,  0, FALSE, 120, 80),
    ('projectzomboid',     'projectzomboid',     'Project Zomboid',       NULL, 'moderate', 'player', 'wtg-free-fleet',    '1',    '4Gi',   '2', '8Gi',  NULL, 135, 0, FALSE, 120, 90),
    ('sevendaystodie',     'sevendaystodie',     '7 Days to Die',         NULL, 'moderate', 'player', 'wtg-free-fleet',    '1',    '4Gi',   '2', '8Gi',  NULL, 130, 0, FALSE, 120, 100),
    ('rust',               'rust',               'Rust',                  NULL, 'premium',  'player', 'wtg-free-fleet',    '2',    '8Gi',   '4', '16Gi', NULL, 220, 0, FALSE, 120, 110),
    ('palworld',           'palworld',           'Palworld',              NULL, 'premium',  'player', 'wtg-free-fleet',    '2',    '8Gi',   '4', '16Gi', NULL, 180, 0, FALSE, 120, 120),
    ('ark',                'ark',                'ARK: Survival Evolved', NULL, 'titan',    'player', 'wtg-free-fleet',    '2',    '10Gi',  '4', '20Gi', NULL, 240, 0, TRUE,  180, 130),
    ('satisfactory',       'satisfactory',       'Satisfactory',          NULL, 'titan',    'player', 'wtg-free-fleet',    '2',    '12Gi',  '4', '24Gi', NULL, 240, 0, TRUE,  180, 140),
    ('minecraft-small',    'minecraft',          'Minecraft (small)',     'S',  'guild',    'guild',  'agis-dev-fleet',    '1000m', '2Gi',  '1000m', '2Gi', 10, 100, 500,  FALSE, 120, 200),
    ('minecraft-medium',   'minecraft',          'Minecraft (medium)',    'M',  'guild',    'guild',  'agis-dev-fleet',    '2000m', '4Gi',  '2000m', '4Gi', 25, 200, 1000, FALSE, 120, 210),
    ('minecraft-large',    'minecraft',          'Minecraft (large)',     'L',  'guild',    'guild',  'agis-dev-fleet',    '4000m', '8Gi',  '4000m', '8Gi', 50, 400, 2000, FALSE, 120, 220),
    ('valheim-small',      'valheim',            'Valheim (small)',       'S',  'guild',    'guild',  'wtg-free-fleet',    '1500m', '3Gi',  '1500m', '3Gi', 10, 150, 750,  FALSE, 120, 230),
    ('palworld-small',     'palworld',           'Palworld (small)',      'S',  'guild',    'guild',  'wtg-free-fleet',    '2000m', '4Gi',  '2000m', '4Gi', 16, 200, 1000, FALSE, 120, 240);

-- GC packages sold for real money (read-only here). 1 WTG coin = 1000 GC.
CREATE TABLE shop_package (
    id          VARCHAR(32)   NOT NULL PRIMARY KEY,
    price_usd   NUMERIC(10,2) NOT NULL,
    coins       INT           NOT NULL,
    bonus_coins INT           NOT NULL,
    sort_order  INT           NOT NULL
);
INSERT INTO shop_package (id, price_usd, coins, bonus_coins, sort_order) VALUES
    ('wtg_5',  4.99,  5,  0,  10),
    ('wtg_11', 9.99,  10, 1,  20),
    ('wtg_23', 19.99, 20, 3,  30),
    ('wtg_60', 49.99, 50, 10, 40);

-- Concurrent-server limit (set-based validation, docs/adr/0020): a counter per owner, row-locked by
-- the conditional UPDATE that takes a slot, and one row per server holding a slot. Written in the
-- same transaction as the server's events.
CREATE TABLE server_owner_slots (
    owner_id VARCHAR(255) NOT NULL PRIMARY KEY,
    used     INT          NOT NULL CHECK (used >= 0)
);
CREATE TABLE server_slot (
    server_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner_id  VARCHAR(255) NOT NULL
);

-- Read model (projection "servers"): one row per server. row_no orders pages newest first.
CREATE TABLE game_server (
    row_no           BIGSERIAL    NOT NULL UNIQUE,
    server_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner_id         VARCHAR(255) NOT NULL,
    template_id      VARCHAR(64)  NOT NULL,
    game             VARCHAR(64)  NOT NULL,
    name             VARCHAR(64)  NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    address          VARCHAR(255),
    port             INT,
    game_server_name VARCHAR(255),
    period           INT          NOT NULL,
    paid_until       TIMESTAMPTZ,
    auto_renew       BOOLEAN      NOT NULL,
    cost_per_hour    BIGINT       NOT NULL,
    server_seconds   BIGINT       NOT NULL DEFAULT 0,
    running_since    TIMESTAMPTZ,
    last_reason      VARCHAR(512),
    last_sequence    BIGINT       NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX ix_game_server_owner ON game_server (owner_id, row_no DESC);
CREATE INDEX ix_game_server_state ON game_server (state);
