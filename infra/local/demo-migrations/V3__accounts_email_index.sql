-- Built CONCURRENTLY, alone in its step: writers keep writing while the index builds.
CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_email ON accounts (email);
