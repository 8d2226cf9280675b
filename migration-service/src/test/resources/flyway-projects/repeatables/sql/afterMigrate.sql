COMMENT ON VIEW ${flyway:defaultSchema}.customer_orders IS 'orders per customer, kept by ${flyway:user}';
