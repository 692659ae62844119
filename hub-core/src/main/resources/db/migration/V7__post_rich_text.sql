-- The sanitised HTML a post was composed from (the compose editor or a pasted article);
-- null for a post written as plain text. body keeps the plain text derived from it.
alter table post add column body_html varchar(60000);
