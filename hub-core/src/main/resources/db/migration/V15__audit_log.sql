-- Who did what, when, in which organisation (issue 6). Portable SQL: the same script runs on PostgreSQL and on H2 in
-- PostgreSQL mode. Entries are only ever added; the actor is a username, kept as text so that an entry outlives the
-- member it names.
create table audit_entry (
    id uuid primary key,
    organisation_id uuid not null references organisation (id),
    actor varchar(100) not null,
    action varchar(60) not null,
    subject varchar(300) not null,
    detail varchar(2000),
    at timestamp with time zone not null
);

create index audit_entry_by_organisation_and_at on audit_entry (organisation_id, at);
