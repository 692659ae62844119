-- The language a member chose for Hubben's pages (issue 8): 'sv' or 'en'; null follows the browser's Accept-Language.
-- Portable SQL: the same script runs on PostgreSQL and on H2 in PostgreSQL mode.
alter table member add column language varchar(8);
