-- The inbox: comments and mentions pulled from the channels, the organisation's replies, moderation, word lists
-- that flag offensive comments, and where each poll left off. Portable SQL, as V1.
-- A comment holds a person's name and words: it is deleted once older than hubben.inbox.retention (90 days by
-- default), or at once when the person asks to be erased.
create table inbox_comment (
    id uuid primary key,
    organisation_id uuid not null references organisation (id) on delete cascade,
    channel_id uuid not null references channel (id) on delete cascade,
    platform varchar(20) not null,
    -- the Hubben post and delivery it is under; null for a mention outside the channel's own posts
    post_id uuid references post (id) on delete cascade,
    delivery_id uuid references delivery (id) on delete cascade,
    remote_post_id varchar(200) not null,
    remote_id varchar(200) not null,
    parent_remote_id varchar(200),
    author_id varchar(200) not null,
    author_name varchar(300) not null,
    body varchar(20000) not null,
    created_at timestamp with time zone not null,
    fetched_at timestamp with time zone not null,
    by_channel boolean not null,
    mention boolean not null,
    hidden boolean not null,
    deleted boolean not null,
    flagged boolean not null,
    -- the word-list entries the text matched, comma-separated
    matched_words varchar(1000),
    -- the member who wrote this reply from Hubben; null for comments and for replies written on the platform
    replied_by varchar(100),
    -- the member who hid or deleted it from Hubben, and when
    moderated_by varchar(100),
    moderated_at timestamp with time zone,
    unique (channel_id, remote_id)
);

create index inbox_comment_by_organisation on inbox_comment (organisation_id, created_at);
create index inbox_comment_by_created_at on inbox_comment (created_at);
create index inbox_comment_by_author on inbox_comment (organisation_id, author_id);

-- An organisation's own word lists; an organisation without a row for a language uses Hubben's default list.
create table inbox_word_list (
    organisation_id uuid not null references organisation (id) on delete cascade,
    language varchar(2) not null,
    -- one entry a line
    words varchar(20000) not null,
    updated_by varchar(100) not null,
    updated_at timestamp with time zone not null,
    primary key (organisation_id, language)
);

-- Where the poll of each sent delivery's comments left off.
create table inbox_cursor (
    delivery_id uuid primary key references delivery (id) on delete cascade,
    -- the newest comment seen; the next poll reads from a little before it
    seen_until timestamp with time zone,
    polled_at timestamp with time zone,
    error varchar(2000),
    -- the platform no longer has the post: it is not polled again
    gone boolean not null
);

-- Each channel's poll: mentions, the last outcome, and a rate limit the platform announced for reading.
create table inbox_channel (
    channel_id uuid primary key references channel (id) on delete cascade,
    mentions_seen_until timestamp with time zone,
    polled_at timestamp with time zone,
    held_until timestamp with time zone,
    error varchar(2000)
);

-- Comments erased at a person's request, so that a poll does not bring them back: the SHA-256 of the comment's
-- platform id, nothing about the person. Dropped once the post is no longer polled.
create table inbox_erased (
    channel_id uuid not null references channel (id) on delete cascade,
    remote_key varchar(64) not null,
    erased_at timestamp with time zone not null,
    primary key (channel_id, remote_key)
);
