package org.hubben.connector;

/**
 * What kind of medium a file is, decided from its bytes, never from the client's word.
 */
public enum MediaKind {

	IMAGE, VIDEO

}
