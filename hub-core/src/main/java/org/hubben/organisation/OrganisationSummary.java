package org.hubben.organisation;

/**
 * An organisation as a tree of them lists it.
 *
 * @param organisation the organisation
 * @param depth how far below the tree's top it stands: 0 for the top
 * @param members how many members it has
 * @param channels how many channels it has
 */
public record OrganisationSummary(Organisation organisation, int depth, long members, long channels) {

}
