-- The home site, the share kit and the aggregated counters. Portable SQL: the same script runs on PostgreSQL and
-- on H2 in PostgreSQL mode.

-- An organisation either has a site of its own (home_site_url) or none (null): then Hubben serves its home site
-- under hubben.public-url, and every post without a link of its own links back to its page there (/p/<slug>).
alter table organisation alter column home_site_url drop not null;
-- The embedded default used to point the demo organisation at Hubben's own address, which served no public page:
-- that meant "Hubben's home site", which is now said with null.
update organisation set home_site_url = null where home_site_url like 'http://localhost:8080/%';

-- A shared post is offered to the regions and supporters: every organisation below its own shows it in its kit.
alter table post add column shared boolean default false not null;

-- "How to share well", written by the organisation; null falls back to Hubben's default text in that language.
create table share_tips (
    organisation_id uuid primary key references organisation (id),
    text_sv varchar(20000),
    text_en varchar(20000),
    updated_by varchar(100) not null,
    updated_at timestamp with time zone not null
);

-- Visits, shares and downloads per post, platform (or referrer kind) and day: counts only, never who, never an
-- address or a user agent. Counted in memory and added here periodically.
create table share_count (
    post_id uuid not null references post (id) on delete cascade,
    count_day date not null,
    platform varchar(20) not null,
    kind varchar(10) not null,
    total bigint not null,
    primary key (post_id, count_day, platform, kind)
);
