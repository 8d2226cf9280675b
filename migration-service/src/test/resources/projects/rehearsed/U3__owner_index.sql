DROP INDEX IF EXISTS items_owner;
