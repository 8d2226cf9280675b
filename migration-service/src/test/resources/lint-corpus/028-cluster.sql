-- label: unsafe
CLUSTER items USING items_pkey;
