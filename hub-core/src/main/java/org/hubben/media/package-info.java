/**
 * Images and videos uploaded for posts: stored under the media directory as they stream
 * in, typed from their bytes, never from the client's word, and described in the
 * {@code media} table.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Media", allowedDependencies = "connector")
package org.hubben.media;
