-- label: safe
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy';
