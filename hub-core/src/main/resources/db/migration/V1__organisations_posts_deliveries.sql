-- Hubben's own tables. Portable SQL: the same script runs on PostgreSQL and on H2 in PostgreSQL mode.
-- Instants are timestamp with time zone, stored in UTC; the zone a person chose is kept beside them.

create table organisation (
    id uuid primary key,
    parent_id uuid references organisation (id),
    name varchar(200) not null,
    slug varchar(100) not null unique,
    home_site_url varchar(2000) not null,
    zone_id varchar(64) not null,
    created_at timestamp with time zone not null
);

create table member (
    id uuid primary key,
    organisation_id uuid not null references organisation (id),
    username varchar(100) not null unique,
    password_hash varchar(200) not null,
    role varchar(20) not null,
    created_at timestamp with time zone not null
);

create table channel (
    id uuid primary key,
    organisation_id uuid not null references organisation (id),
    platform varchar(20) not null,
    name varchar(200) not null,
    account_id varchar(200) not null,
    -- AES-GCM ciphertext of the credentials, base64; the key never reaches the database
    credentials varchar(8000) not null,
    status varchar(20) not null,
    created_at timestamp with time zone not null,
    unique (organisation_id, platform, account_id)
);

create table post (
    id uuid primary key,
    organisation_id uuid not null references organisation (id),
    title varchar(300) not null,
    body varchar(20000) not null,
    link varchar(2000),
    slug varchar(150) not null unique,
    created_by varchar(100) not null,
    created_at timestamp with time zone not null
);

-- Only the variants a person edited; the others are derived from the post every time.
create table post_variant (
    id uuid primary key,
    post_id uuid not null references post (id) on delete cascade,
    platform varchar(20) not null,
    body varchar(20000),
    title varchar(300),
    unique (post_id, platform)
);

create table publication (
    id uuid primary key,
    post_id uuid not null references post (id),
    due_at timestamp with time zone not null,
    zone_id varchar(64) not null,
    created_by varchar(100) not null,
    created_at timestamp with time zone not null
);

create table delivery (
    id uuid primary key,
    publication_id uuid not null references publication (id),
    channel_id uuid not null references channel (id),
    platform varchar(20) not null,
    state varchar(20) not null,
    due_at timestamp with time zone not null,
    attempts integer not null,
    remote_id varchar(200),
    remote_url varchar(2000),
    error varchar(2000),
    claimed_at timestamp with time zone,
    finished_at timestamp with time zone,
    unique (publication_id, channel_id)
);

create index delivery_by_state_and_due_at on delivery (state, due_at);
create index delivery_by_publication on delivery (publication_id);
create index publication_by_post on publication (post_id);
