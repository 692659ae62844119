package org.hubben.content;

/**
 * An organisation's home-site feed, as its settings page shows it.
 *
 * @param homeSiteUrl the organisation's own site, or {@code null} when Hubben serves its
 * home site (then there is no feed to watch: its articles are Hubben posts)
 * @param feedUrl the feed set by a person, or {@code null} to discover it on the home
 * site
 * @param lastPoll how the last poll went, or {@code null} before the first
 */
public record FeedStatus(String homeSiteUrl, String feedUrl, FeedPoll lastPoll) {

	/**
	 * @return whether the feed is watched: the organisation has a site of its own
	 */
	public boolean watched() {
		return this.homeSiteUrl != null;
	}

}
