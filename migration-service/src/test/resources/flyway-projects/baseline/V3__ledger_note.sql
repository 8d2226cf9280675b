ALTER TABLE ledger ADD COLUMN note text;
