package org.hubben.content;

import java.time.Instant;

/**
 * One article as a feed shows it.
 *
 * @param guid what identifies it in its feed: the RSS {@code guid} or Atom {@code id}, or
 * its link when the feed gives none; never {@code null}
 * @param title its title, plain text; may be empty
 * @param link the article's absolute http(s) address, or {@code null} when the feed gives
 * none
 * @param summary its description or summary as plain text, trimmed to
 * {@link FeedEntries#SUMMARY_MAX} characters on a sentence or word boundary; may be empty
 * @param publishedAt when it was published (or last updated, when the feed says only
 * that), or {@code null} when the feed does not say or says it in a way Hubben cannot
 * read
 */
record FeedEntry(String guid, String title, String link, String summary, Instant publishedAt) {

}
