-- label: safe
INSERT INTO owners (id, name) VALUES (100001, 'new owner') ON CONFLICT DO NOTHING;
