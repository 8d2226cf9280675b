-- label: safe
CREATE TABLE IF NOT EXISTS scratch_import (id bigint);
DROP TABLE scratch_import;
