CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric NOT NULL, paid boolean NOT NULL DEFAULT false);
