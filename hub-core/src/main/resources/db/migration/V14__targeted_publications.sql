-- Targeted ("dark") posts, only alongside the same message published openly (issue 9, rule 3). Portable SQL: the same
-- script runs on PostgreSQL and on H2 in PostgreSQL mode.

-- Who alone may see a targeted publication, as JSON ({"countries":["SE"],"ageMin":18,"ageMax":65,"locales":[]});
-- null: an open publication, shown on the channel.
alter table publication add column targeting varchar(4000);
