-- Approval before scheduling (issue 6). Portable SQL: the same script runs on PostgreSQL and on H2 in PostgreSQL mode.

-- Whether an organisation requires approval before anything is scheduled; no row: it does not. A table of its own
-- rather than a column of organisation, so that the organisation's record stays as it is.
create table approval_rule (
    organisation_id uuid primary key references organisation (id),
    required boolean not null,
    changed_by varchar(100) not null,
    changed_at timestamp with time zone not null
);

-- A post submitted for approval, with the whole publication its editor asked for. Nothing is scheduled until an
-- approver approves it; then publication_id names what was scheduled.
create table submission (
    id uuid primary key,
    organisation_id uuid not null references organisation (id),
    post_id uuid not null references post (id),
    channel_ids varchar(4000) not null,
    due_at timestamp with time zone,
    zone_id varchar(60),
    send_late boolean not null,
    facts_checked boolean not null,
    targeting varchar(4000),
    state varchar(20) not null,
    submitted_by varchar(100) not null,
    submitted_at timestamp with time zone not null,
    post_digest varchar(64) not null,
    comment varchar(2000),
    decided_by varchar(100),
    decided_at timestamp with time zone,
    publication_id uuid references publication (id)
);

create index submission_by_organisation_and_state on submission (organisation_id, state, submitted_at);
create index submission_by_post on submission (post_id, submitted_at);
create index audit_entry_by_organisation_action_and_at on audit_entry (organisation_id, action, at);
