-- The shared library (issue 6): a post a region adopted from a post an organisation above shares. The origin's
-- title, text, HTML, link and sources are kept as the adopter last saw them (at adoption, or when they last took
-- or kept a change), so that a correction of the origin shows as what changed since.
create table adoption (
    post_id uuid primary key references post (id),
    origin_post_id uuid not null references post (id),
    adopted_by varchar(100) not null,
    adopted_at timestamp with time zone not null,
    origin_title varchar(300) not null,
    origin_body varchar(20000) not null,
    origin_body_html varchar(60000),
    origin_link varchar(2000),
    -- the origin's sources, one URL a line, in order; empty for none
    origin_sources varchar(42000) not null,
    seen_at timestamp with time zone not null
);

create index adoption_origin on adoption (origin_post_id);
