-- The ethics rules of seed 004 as checks (issue 9). Portable SQL: the same script runs on PostgreSQL and on H2 in
-- PostgreSQL mode.

-- A channel is the organisation's own once a member connected it through the platform's OAuth flow and confirmed
-- the account's name. Channels from older versions were never confirmed, so they start unverified (null) and must
-- be reconnected before anything is published on them.
alter table channel add column verified_by varchar(100);
alter table channel add column verified_at timestamp with time zone;
alter table channel add column verified_account_name varchar(200);

-- The line that says who speaks, carried by every post where the platform allows; null: none.
alter table organisation add column sender_line varchar(200);

-- The sources a post rests on, in the author's order.
create table post_source (
    post_id uuid not null references post (id) on delete cascade,
    position integer not null,
    url varchar(2000) not null,
    primary key (post_id, position)
);
