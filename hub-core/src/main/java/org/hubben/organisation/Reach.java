package org.hubben.organisation;

/**
 * Where an organisation stands seen from a member's own organisation in the tree.
 */
public enum Reach {

	/** The member's own organisation. */
	OWN,

	/** Below it: a region of the member's centre, a branch of that region, and so on. */
	BELOW,

	/** Above it: the member's centre, or the region above their branch. */
	ABOVE,

	/** Neither above nor below: a sibling region, or a branch of another region. */
	ELSEWHERE

}
