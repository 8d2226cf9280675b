-- Each claim of a delivery gets its own token. A sender checks (and extends) its claim before each
-- send and records the outcome only under it, so a delivery whose lease ran out while its sender was
-- slow is sent by the new owner only, never by both.
ALTER TABLE delivery ADD COLUMN claim_token uuid;
