-- The home site's feed, watched for new articles that become draft posts. Portable SQL: the same script runs on
-- PostgreSQL and on H2 in PostgreSQL mode.

-- The RSS or Atom feed to watch; null means: discover it from the home site's <link rel="alternate">. An
-- organisation without a site of its own (home_site_url null) is not watched: its articles are Hubben posts.
alter table organisation add column feed_url varchar(2000);

-- Every article a feed has shown, so that none becomes a draft twice. The row is inserted before its draft is
-- made: the unique key lets exactly one node (or poll) draft an article. post_id is null for an article that was
-- only remembered (older than the first poll's window) or whose draft could not be made.
create table feed_entry (
    organisation_id uuid not null references organisation (id),
    guid varchar(1000) not null,
    post_id uuid references post (id) on delete set null,
    published_at timestamp with time zone,
    seen_at timestamp with time zone not null,
    primary key (organisation_id, guid)
);

create index feed_entry_by_post on feed_entry (post_id);

-- The last poll of each organisation's feed, for the settings page. read_feed_url is the last feed read
-- successfully: a poll of another feed than that one is a first poll.
create table feed_poll (
    organisation_id uuid primary key references organisation (id),
    feed_url varchar(2000),
    read_feed_url varchar(2000),
    polled_at timestamp with time zone not null,
    entries_read integer not null,
    drafts_made integer not null,
    error varchar(2000)
);
