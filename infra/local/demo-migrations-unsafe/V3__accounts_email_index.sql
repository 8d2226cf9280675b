-- The first draft of V3 (used by `infra/dbops demo migration`): a plain CREATE INDEX blocks every
-- write to accounts for the whole build, so lint blocks it; demo-migrations/ has the safe rewrite.
CREATE INDEX accounts_email ON accounts (email);
