-- Long enough for the system test to kill the migration-service while this step runs on the target.
SELECT pg_sleep(6);
