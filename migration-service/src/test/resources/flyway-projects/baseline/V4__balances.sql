CREATE VIEW balances AS SELECT account_id, sum(amount) AS balance FROM ledger GROUP BY account_id;
