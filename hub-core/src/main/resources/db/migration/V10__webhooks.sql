-- Outbound webhooks: each organisation's endpoints, and the outbox of calls to them, which is also the delivery
-- log a person reads. A call is claimed with one conditional update, so any node of a cluster may send it.
create table webhook_endpoint (
    id uuid primary key,
    organisation_id uuid not null references organisation (id),
    url varchar(2000) not null,
    -- AES-GCM ciphertext of the signing secret, bound to the endpoint's id; the key never reaches the database
    secret varchar(500) not null,
    -- the event types it receives, comma-separated
    event_types varchar(1000) not null,
    active boolean not null,
    created_by varchar(100) not null,
    created_at timestamp with time zone not null
);

create index webhook_endpoint_by_organisation on webhook_endpoint (organisation_id);

create table webhook_call (
    -- sent as X-Hubben-Delivery, the same on every attempt, so a receiver can drop repeats
    id uuid primary key,
    endpoint_id uuid not null references webhook_endpoint (id) on delete cascade,
    event_id uuid not null,
    event_type varchar(50) not null,
    payload varchar(20000) not null,
    state varchar(20) not null,
    attempts integer not null,
    next_attempt_at timestamp with time zone not null,
    claimed_at timestamp with time zone,
    status_code integer,
    last_error varchar(2000),
    created_at timestamp with time zone not null,
    finished_at timestamp with time zone
);

create index webhook_call_by_state_and_next_attempt on webhook_call (state, next_attempt_at);
create index webhook_call_by_endpoint on webhook_call (endpoint_id, created_at);
