COMMENT ON TABLE items IS 'kept by ${flyway:user}';
