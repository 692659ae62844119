-- Connecting accounts from the channels page, and keeping their tokens fresh. Portable SQL, as V1.

-- When the channel's access token expires (null: it does not), kept in the clear beside the encrypted credentials
-- so that the refresh job can find the channels due without decrypting every row; and the claim a node holds
-- while it refreshes one, so that two nodes never spend a rotating refresh token twice.
alter table channel add column token_expires_at timestamp with time zone;
alter table channel add column refresh_claimed_at timestamp with time zone;
create index channel_by_status_and_token_expiry on channel (status, token_expires_at);

-- A connection a member started and the platform has not yet sent back, or whose accounts wait for the member's
-- confirmation. Only a hash of the OAuth state is kept; the platform's secrets and the accounts it offered are
-- AES-GCM ciphertext bound to the row's id. Valid for 15 minutes, used once.
create table pending_link (
    id uuid primary key,
    state_hash varchar(64) not null unique,
    platform varchar(20) not null,
    organisation_id uuid not null references organisation (id),
    member_id uuid not null references member (id),
    callback_url varchar(2000) not null,
    secrets varchar(8000) not null,
    accounts varchar(32000),
    created_at timestamp with time zone not null,
    finished_at timestamp with time zone
);

create index pending_link_by_created_at on pending_link (created_at);

-- Deliveries waiting for their channel to be reconnected, and each channel's last delivery.
create index delivery_by_channel_and_state on delivery (channel_id, state);
