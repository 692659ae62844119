package org.hubben.web;

import org.hubben.organisation.HomeSites;

import org.springframework.stereotype.Component;

/** The absolute links of invitations and password resets, under Hubben's public URL. */
@Component
class MemberLinks {

	private final HomeSites homeSites;

	MemberLinks(HomeSites homeSites) {
		this.homeSites = homeSites;
	}

	String invitation(String token) {
		return base() + "/invitations/" + token;
	}

	String passwordReset(String token) {
		return base() + "/password-reset/" + token;
	}

	private String base() {
		return this.homeSites.publicUrl().toString().replaceAll("/+$", "");
	}

}
