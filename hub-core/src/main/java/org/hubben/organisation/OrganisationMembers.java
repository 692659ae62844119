package org.hubben.organisation;

import java.util.List;

/** The members of one organisation an administrator manages, by username. */
public record OrganisationMembers(Organisation organisation, List<MemberSummary> members) {

}
