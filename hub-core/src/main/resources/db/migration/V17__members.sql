-- Members (issue 6, "Users"): invitations by link, admin-initiated password resets, session ends on a new password,
-- and login attempts counted in the database so that every node of a cluster counts the same. Portable SQL, as V1.

-- When the member's password last changed (null: never since they joined): a page session logged in before it ends.
alter table member add column credentials_changed_at timestamp with time zone;
-- When the member last logged in with their password, to the request; shown to their administrators.
alter table member add column last_login_at timestamp with time zone;

-- A link that lets someone without an account join an organisation with a role. Only the hex SHA-256 of the link's
-- token is kept. Used once (used_at), revocable (revoked_at), valid until expires_at.
create table invitation (
    id uuid primary key,
    organisation_id uuid not null references organisation (id),
    role varchar(20) not null,
    note varchar(200),
    token_hash varchar(64) not null unique,
    created_by varchar(100) not null,
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null,
    used_at timestamp with time zone,
    used_by varchar(100),
    revoked_at timestamp with time zone
);

create index invitation_by_organisation on invitation (organisation_id, created_at);

-- A link an administrator made for a member to choose a new password. Only the hex SHA-256 of its token is kept.
create table password_reset (
    id uuid primary key,
    member_id uuid not null references member (id) on delete cascade,
    token_hash varchar(64) not null unique,
    created_by varchar(100) not null,
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null,
    used_at timestamp with time zone
);

create index password_reset_by_member on password_reset (member_id);

-- Failed logins within the rate-limit window: one row per failure and key, where the key is a keyed hash (HMAC) of
-- the username or of the client's address, never the name or address itself. Rows older than the window are
-- deleted as new failures arrive; a successful login deletes its username's rows.
create table login_attempt (
    id uuid primary key,
    kind varchar(10) not null,
    key_hash varchar(64) not null,
    at timestamp with time zone not null
);

create index login_attempt_by_key on login_attempt (key_hash, at);
create index login_attempt_by_at on login_attempt (at);
