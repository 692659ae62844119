package org.hubben.web.site;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.hubben.content.Post;
import org.hubben.publishing.PublishedPost;
import org.hubben.sharing.HomeSite.PublicOrganisation;

/**
 * An organisation's recent posts as an Atom feed (RFC 4287): one entry per published
 * post, its id the post's UUID as a URN (permanent, whatever address Hubben moves to),
 * its link the post's page, its content the post's text as plain text.
 */
final class AtomFeed {

	static final String NAMESPACE = "http://www.w3.org/2005/Atom";

	private AtomFeed() {
	}

	/**
	 * @param organisation the organisation and its latest posts
	 * @param publicUrl where Hubben is reached from outside, without a trailing slash
	 * @return the feed document, UTF-8
	 */
	static byte[] of(PublicOrganisation organisation, String publicUrl) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
		try {
			XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
			xml.writeStartDocument("UTF-8", "1.0");
			xml.writeStartElement("feed");
			xml.writeDefaultNamespace(NAMESPACE);
			String page = organisation.page().toString();
			element(xml, "id", page);
			element(xml, "title", organisation.organisation().name());
			Instant updated = organisation.posts()
				.stream()
				.map(PublishedPost::publishedAt)
				.max(Instant::compareTo)
				.orElse(organisation.organisation().createdAt());
			element(xml, "updated", timestamp(updated));
			xml.writeStartElement("author");
			element(xml, "name", organisation.organisation().name());
			element(xml, "uri", page);
			xml.writeEndElement();
			link(xml, "self", "application/atom+xml", page + "/feed.atom");
			link(xml, "alternate", "text/html", page);
			xml.writeStartElement("generator");
			xml.writeCharacters("Hubben");
			xml.writeEndElement();
			for (PublishedPost published : organisation.posts()) {
				Post post = published.post();
				xml.writeStartElement("entry");
				element(xml, "id", "urn:uuid:" + post.id());
				element(xml, "title", post.title());
				element(xml, "published", timestamp(published.publishedAt()));
				element(xml, "updated", timestamp(published.publishedAt()));
				link(xml, "alternate", "text/html", publicUrl + "/p/" + post.slug());
				xml.writeStartElement("content");
				xml.writeAttribute("type", "text");
				xml.writeCharacters(xmlSafe(post.text()));
				xml.writeEndElement();
				xml.writeEndElement();
			}
			xml.writeEndElement();
			xml.writeEndDocument();
			xml.close();
		}
		catch (XMLStreamException ex) {
			throw new IllegalStateException("Could not write the Atom feed", ex);
		}
		return bytes.toByteArray();
	}

	private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
		xml.writeStartElement(name);
		xml.writeCharacters(xmlSafe(text));
		xml.writeEndElement();
	}

	private static void link(XMLStreamWriter xml, String rel, String type, String href) throws XMLStreamException {
		xml.writeEmptyElement("link");
		xml.writeAttribute("rel", rel);
		xml.writeAttribute("type", type);
		xml.writeAttribute("href", href);
	}

	/** Leaves out the control characters XML 1.0 cannot carry, even escaped. */
	static String xmlSafe(String text) {
		return text.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]", "");
	}

	private static String timestamp(Instant instant) {
		return DateTimeFormatter.ISO_INSTANT.format(instant);
	}

}
