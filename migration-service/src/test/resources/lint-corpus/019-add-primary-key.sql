-- label: unsafe
ALTER TABLE events ADD PRIMARY KEY (id);
