package org.hubben.sharing;

import java.nio.file.Path;

/**
 * The stored bytes of a public image.
 *
 * @param file where they are on disk
 * @param contentType the type sniffed from the bytes
 * @param size their length
 */
public record MediaFile(Path file, String contentType, long size) {

}
