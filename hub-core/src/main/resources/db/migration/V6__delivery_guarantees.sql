-- Delivery guarantees: retries and rate-limit waits (next_attempt_at), the node that claimed a delivery
-- (claimed_by, so a dead node's deliveries are found and reconciled), how often an unknown outcome was looked
-- up, the late policy's per-publication choice, and rate limits shared by every node of a cluster.
alter table delivery add column next_attempt_at timestamp with time zone;
update delivery set next_attempt_at = due_at;
alter table delivery alter column next_attempt_at set not null;
alter table delivery add column claimed_by varchar(200);
-- Deliveries being sent when the node stopped for this upgrade: the reconciler takes them over and looks them up.
update delivery set claimed_by = 'before-upgrade' where state = 'SENDING';
alter table delivery add column lookups integer default 0 not null;

drop index delivery_by_state_and_due_at;
create index delivery_by_state_and_next_attempt on delivery (state, next_attempt_at);

alter table publication add column send_late boolean default false not null;

-- One row per platform and scope: scope_key is 'app' for a limit on Hubben's whole app on the platform, or a
-- channel id. A row whose until_at has passed no longer holds anything back.
create table rate_limit (
    platform varchar(20) not null,
    scope_key varchar(100) not null,
    until_at timestamp with time zone not null,
    reason varchar(2000) not null,
    primary key (platform, scope_key)
);
