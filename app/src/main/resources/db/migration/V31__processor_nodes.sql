-- Instances that run event processors, with a heartbeat: each instance keeps its fair share of every
-- processor's segments (segments / live instances) and releases the rest to the others
-- (SegmentBalancer). Rows of instances that stopped are removed on shutdown or when stale.
CREATE TABLE processor_node (
    node_id      VARCHAR(255)             NOT NULL PRIMARY KEY,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL
);
