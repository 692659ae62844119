package org.hubben.content;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Reading RSS 2.0 and Atom 1.0 feeds as home sites write them. */
class FeedEntriesTests {

	private static final URI FEED = URI.create("https://www.example.org/news/feed.xml");

	@Test
	void readsAnRss2FeedWithCdataAndEscapedHtml() {
		List<FeedEntry> entries = read(
				"""
						<?xml version="1.0" encoding="UTF-8"?>
						<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
						<channel>
						  <title>News</title>
						  <atom:link href="https://www.example.org/news/feed.xml" rel="self" type="application/rss+xml"/>
						  <item>
						    <title>Schools open on Monday</title>
						    <link>https://www.example.org/news/schools</link>
						    <guid isPermaLink="false">news-17</guid>
						    <pubDate>Sat, 21 Nov 2026 10:00:00 +0100</pubDate>
						    <description><![CDATA[<p>What <b>changes</b> on Monday.</p><p>Read on &amp; share.</p><script>x()</script>]]></description>
						  </item>
						  <item>
						    <title>Budget &amp; taxes</title>
						    <link>https://www.example.org/news/budget</link>
						    <guid>https://www.example.org/news/budget</guid>
						    <pubDate>Fri, 20 Nov 2026 08:30:00 GMT</pubDate>
						    <description>&lt;p&gt;The budget, &lt;i&gt;explained&lt;/i&gt;.&lt;/p&gt;</description>
						  </item>
						</channel>
						</rss>
						""");
		assertThat(entries).containsExactly(
				new FeedEntry("news-17", "Schools open on Monday", "https://www.example.org/news/schools",
						"What changes on Monday.\n\nRead on & share.", Instant.parse("2026-11-21T09:00:00Z")),
				new FeedEntry("https://www.example.org/news/budget", "Budget & taxes",
						"https://www.example.org/news/budget", "The budget, explained.",
						Instant.parse("2026-11-20T08:30:00Z")));
	}

	@Test
	void readsAnAtomFeedWithItsTextConstructs() {
		List<FeedEntry> entries = read(
				"""
						<?xml version="1.0" encoding="utf-8"?>
						<feed xmlns="http://www.w3.org/2005/Atom">
						  <title>News</title>
						  <id>urn:uuid:feed</id>
						  <entry>
						    <title type="html">Parks &lt;em&gt;reopen&lt;/em&gt;</title>
						    <link rel="self" href="https://www.example.org/api/parks"/>
						    <link rel="alternate" type="text/html" href="https://www.example.org/news/parks"/>
						    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
						    <updated>2026-11-21T12:00:00Z</updated>
						    <published>2026-11-21T09:15:00+01:00</published>
						    <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Every park <b>reopens</b>.</p></div></summary>
						  </entry>
						  <entry>
						    <title>Plain &amp; simple</title>
						    <link href="https://www.example.org/news/plain"/>
						    <id>tag:example.org,2026:plain</id>
						    <updated>2026-11-20T07:00:00Z</updated>
						    <content type="text">Just   text &lt;not a tag&gt;</content>
						  </entry>
						</feed>
						""");
		assertThat(entries)
			.containsExactly(new FeedEntry("urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a", "Parks reopen",
					"https://www.example.org/news/parks", "Every park reopens.", Instant.parse("2026-11-21T08:15:00Z")),
					new FeedEntry("tag:example.org,2026:plain", "Plain & simple", "https://www.example.org/news/plain",
							"Just text <not a tag>", Instant.parse("2026-11-20T07:00:00Z")));
	}

	@Test
	void resolvesRelativeLinksAgainstTheFeedAndXmlBase() {
		List<FeedEntry> rss = read("""
				<rss version="2.0"><channel>
				  <item><title>One</title><link>/articles/one</link><guid>1</guid></item>
				  <item><title>Two</title><link>two.html</link><guid>2</guid></item>
				  <item><title>Bad</title><link>javascript:alert(1)</link><guid>3</guid></item>
				</channel></rss>
				""");
		assertThat(rss).extracting(FeedEntry::link)
			.containsExactly("https://www.example.org/articles/one", "https://www.example.org/news/two.html", null);
		List<FeedEntry> atom = read("""
				<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example.org/">
				  <entry><id>a</id><title>A</title><link href="posts/a"/></entry>
				</feed>
				""");
		assertThat(atom).extracting(FeedEntry::link).containsExactly("https://blog.example.org/posts/a");
	}

	@Test
	void knowsAnEntryWithoutAGuidByItsLinkAndLeavesOutOneWithNeither() {
		List<FeedEntry> entries = read("""
				<rss version="2.0"><channel>
				  <item><title>No guid</title><link>https://www.example.org/news/no-guid</link></item>
				  <item><title>Nothing to know it by</title><description>Lost</description></item>
				  <item><title>Permalink guid</title><guid>https://www.example.org/news/permalink</guid></item>
				</channel></rss>
				""");
		assertThat(entries).extracting(FeedEntry::guid, FeedEntry::link)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple("https://www.example.org/news/no-guid",
							"https://www.example.org/news/no-guid"),
					org.assertj.core.groups.Tuple.tuple("https://www.example.org/news/permalink",
							"https://www.example.org/news/permalink"));
	}

	@Test
	void readsDatesWithZoneNamesAndLeavesUnreadableOnesOut() {
		List<FeedEntry> entries = read("""
				<rss version="2.0"><channel>
				  <item><guid>1</guid><pubDate>Mon, 02 Nov 2026 09:00:00 EST</pubDate></item>
				  <item><guid>2</guid><pubDate>2026-11-02T09:00:00Z</pubDate></item>
				  <item><guid>3</guid><pubDate>last Tuesday</pubDate></item>
				</channel></rss>
				""");
		assertThat(entries).extracting(FeedEntry::publishedAt)
			.containsExactly(Instant.parse("2026-11-02T14:00:00Z"), Instant.parse("2026-11-02T09:00:00Z"), null);
	}

	@Test
	void trimsALongSummaryAfterASentenceOrAtAWord() {
		String sentence = "This sentence is about forty characters. ";
		String summary = FeedEntries.trim(sentence.repeat(40));
		assertThat(summary).hasSizeLessThanOrEqualTo(FeedEntries.SUMMARY_MAX).endsWith("characters.");
		String words = FeedEntries.trim("word ".repeat(400));
		assertThat(words).hasSizeLessThanOrEqualTo(FeedEntries.SUMMARY_MAX).endsWith("word…");
		assertThat(FeedEntries.trim("  short  ")).isEqualTo("short");
	}

	@Test
	void refusesAWebPageWithTheReason() {
		assertThatExceptionOfType(FeedEntries.NotAFeed.class)
			.isThrownBy(() -> read("<!doctype html><html><head><title>Home</title></head><body></body></html>"))
			.withMessage("it is a web page, neither RSS nor Atom");
	}

	private static List<FeedEntry> read(String xml) {
		return FeedEntries.read(xml.getBytes(StandardCharsets.UTF_8), FEED);
	}

}
