package org.hubben.organisation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts channel credentials at rest with AES-256-GCM. Each ciphertext is bound to its
 * channel's id (associated data), so a ciphertext copied onto another channel does not
 * decrypt. The output is {@code base64(iv || ciphertext || tag)}.
 */
public class CredentialCipher {

	private static final Logger logger = LoggerFactory.getLogger(CredentialCipher.class);

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKey key;

	private final SecureRandom random = new SecureRandom();

	CredentialCipher(byte[] key) {
		if (key.length != 32) {
			throw new IllegalArgumentException(
					"The credentials key must be 32 bytes (256 bits), base64-encoded; it has " + key.length);
		}
		this.key = new SecretKeySpec(key, "AES");
	}

	/**
	 * Builds the cipher from a configured key, or from a key file that is created on
	 * first use.
	 * @param base64Key the base64 key from {@code hubben.secrets.key} /
	 * {@code HUBBEN_SECRETS_KEY}, or {@code null}
	 * @param keyFile where to keep a generated key when none is configured
	 * @return the cipher
	 * @throws IllegalStateException when the configured key is not 32 base64-encoded
	 * bytes
	 */
	static CredentialCipher from(String base64Key, Path keyFile) {
		if (base64Key != null && !base64Key.isBlank()) {
			return new CredentialCipher(decode(base64Key.strip(), "hubben.secrets.key"));
		}
		try {
			if (Files.exists(keyFile)) {
				return new CredentialCipher(decode(Files.readString(keyFile).strip(), keyFile.toString()));
			}
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			Files.createDirectories(keyFile.toAbsolutePath().getParent());
			Files.writeString(keyFile, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
			restrictToOwner(keyFile);
			logger.warn("No hubben.secrets.key configured: generated a credentials key in {}. Back it up with the "
					+ "database; every node of a cluster needs the same key (HUBBEN_SECRETS_KEY).", keyFile);
			return new CredentialCipher(key);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the credentials key file " + keyFile, ex);
		}
	}

	/**
	 * Makes the key file readable by its owner only. On a file system without POSIX
	 * permissions (Windows) the data directory's own permissions must protect it.
	 */
	private static void restrictToOwner(Path file) throws IOException {
		if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
	}

	private static byte[] decode(String base64, String source) {
		try {
			return Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("The credentials key in " + source + " is not valid base64", ex);
		}
	}

	/**
	 * @param channelId the id of what owns the secret (a channel, or another record such
	 * as a webhook endpoint): the ciphertext decrypts only for that id
	 * @param plaintext the secret
	 * @return {@code base64(iv || ciphertext || tag)}
	 */
	public String encrypt(UUID channelId, String plaintext) {
		try {
			byte[] iv = new byte[IV_BYTES];
			this.random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(associatedData(channelId));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/**
	 * @throws IllegalStateException when the ciphertext was made with another key or for
	 * another channel
	 */
	public String decrypt(UUID channelId, String ciphertext) {
		byte[] bytes = Base64.getDecoder().decode(ciphertext);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
			cipher.updateAAD(associatedData(channelId));
			return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(
					"The credentials of channel " + channelId + " cannot be decrypted: was hubben.secrets.key changed?",
					ex);
		}
	}

	/**
	 * A keyed hash (HMAC-SHA256, hex) of a value, under a key derived from the
	 * credentials key for one purpose: the same on every node that shares the key, and
	 * useless for guessing the value without it.
	 * @param purpose what the hash is for, so that hashes for different uses never match
	 */
	String keyedHash(String purpose, String value) {
		try {
			Mac derive = Mac.getInstance("HmacSHA256");
			derive.init(new SecretKeySpec(this.key.getEncoded(), "HmacSHA256"));
			byte[] purposeKey = derive.doFinal(("hubben:" + purpose).getBytes(StandardCharsets.UTF_8));
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(purposeKey, "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	private static byte[] associatedData(UUID channelId) {
		return channelId.toString().getBytes(StandardCharsets.US_ASCII);
	}

}
