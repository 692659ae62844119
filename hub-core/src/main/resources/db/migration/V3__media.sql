-- Uploaded images and videos, and the media each post carries in order. The bytes live in files under the media
-- directory (hubben.media.directory); a row says where, relative to it.

create table media (
    id uuid primary key,
    organisation_id uuid not null references organisation (id),
    kind varchar(10) not null,
    -- sniffed from the bytes, never the client's word
    content_type varchar(100) not null,
    byte_size bigint not null,
    sha256 varchar(64) not null,
    filename varchar(500) not null,
    stored_path varchar(500) not null unique,
    created_by varchar(100) not null,
    created_at timestamp with time zone not null
);

create table post_media (
    post_id uuid not null references post (id) on delete cascade,
    media_id uuid not null references media (id),
    position integer not null,
    primary key (post_id, position),
    unique (post_id, media_id)
);

create index media_by_organisation on media (organisation_id);
create index post_media_by_media on post_media (media_id);
