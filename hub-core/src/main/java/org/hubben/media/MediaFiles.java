package org.hubben.media;

import java.util.UUID;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/** Every organisation's stored media. New media are stored through {@link MediaStore}. */
interface MediaFiles extends ReactiveCrudRepository<MediaFile, UUID> {

}
