-- label: safe
CREATE TYPE item_state AS ENUM ('draft', 'live');
