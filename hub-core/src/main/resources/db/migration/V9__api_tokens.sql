-- Personal API tokens: a member's bearer credentials for the JSON API. Portable SQL, as V1.
-- Only the hex SHA-256 of the token is kept, never the token; the hint (its first characters) lets a person tell
-- their tokens apart. A revoked token stays listed, with when it was revoked, until its member is removed.
create table api_token (
    id uuid primary key,
    member_id uuid not null references member (id) on delete cascade,
    name varchar(100) not null,
    token_hash varchar(64) not null unique,
    hint varchar(20) not null,
    created_at timestamp with time zone not null,
    last_used_at timestamp with time zone,
    expires_at timestamp with time zone,
    revoked_at timestamp with time zone
);

create index api_token_by_member on api_token (member_id, created_at);
