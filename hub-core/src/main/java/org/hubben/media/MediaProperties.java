package org.hubben.media;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code hubben.media.*}: where uploaded media live and how large one may be.
 *
 * @param directory where the files are stored; every node of a cluster must see the same
 * directory (a shared volume)
 * @param maxSize the largest file Hubben stores
 */
@ConfigurationProperties("hubben.media")
public record MediaProperties(@DefaultValue("./data/media") Path directory, @DefaultValue("2GB") DataSize maxSize) {

}
