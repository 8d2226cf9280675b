DROP INDEX IF EXISTS accounts_email;
