-- The local fleet of the embedded default: simulated game servers, kept in the database so every
-- instance (and a restarted one) sees the same fleet, as they would see one Agones cluster.
CREATE TABLE local_game_server (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    server_id  VARCHAR(64),
    address    VARCHAR(64)  NOT NULL,
    port       INT          NOT NULL UNIQUE,
    state      VARCHAR(16)  NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
