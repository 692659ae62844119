package org.hubben.organisation;

import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Changes an organisation's own settings; for now its sender line. Non-blocking.
 */
@Service
public class OrganisationSettings {

	private final Organisations organisations;

	private final R2dbcEntityTemplate template;

	OrganisationSettings(Organisations organisations, R2dbcEntityTemplate template) {
		this.organisations = organisations;
		this.template = template;
	}

	/**
	 * Sets the line every post of the member's organisation carries where the platform
	 * allows.
	 * @param member who changes it; must be an {@link Role#ADMIN administrator}
	 * @param senderLine the line, one line of at most
	 * {@value Organisation#SENDER_LINE_MAX} characters; blank or {@code null} for none
	 * @return the organisation afterwards; a {@link SettingsRefused} error with the
	 * reason when the member may not, or the line is not valid
	 */
	public Mono<Organisation> changeSenderLine(Member member, String senderLine) {
		return Mono.defer(() -> {
			if (!member.role().may(Action.MANAGE_SETTINGS, Reach.OWN)) {
				return Mono.error(new SettingsRefused("senderLine",
						"Only an administrator of your organisation can change its sender line"));
			}
			String line = (senderLine == null || senderLine.isBlank()) ? null : senderLine.strip();
			if (line != null && (line.contains("\n") || line.contains("\r"))) {
				return Mono.error(new SettingsRefused("senderLine", "The sender line is one line"));
			}
			if (line != null && line.codePointCount(0, line.length()) > Organisation.SENDER_LINE_MAX) {
				return Mono.error(new SettingsRefused("senderLine",
						"The sender line has at most " + Organisation.SENDER_LINE_MAX + " characters"));
			}
			UUID id = member.organisationId();
			return this.template.update(Organisation.class)
				.matching(Query.query(Criteria.where("id").is(id)))
				.apply(Update.update("sender_line", line))
				.then(this.organisations.findById(id));
		});
	}

}
