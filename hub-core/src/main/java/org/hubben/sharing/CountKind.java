package org.hubben.sharing;

/** What a public count counts. */
public enum CountKind {

	/** A post's page or share kit was shown. */
	VISIT,

	/** A supporter followed a share link to a platform's share dialog. */
	SHARE,

	/** A supporter downloaded a post's image. */
	DOWNLOAD

}
