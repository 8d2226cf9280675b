-- fails on the target's rows (qty goes up to 1000), never on the empty scratch copy
ALTER TABLE items VALIDATE CONSTRAINT qty_below_500;
