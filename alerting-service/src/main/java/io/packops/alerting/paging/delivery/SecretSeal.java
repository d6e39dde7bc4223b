package io.packops.alerting.paging.delivery;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals the secrets a page row keeps until it is sent (a PagerDuty routing key, a Slack or webhook URL) with AES-256-GCM
 * under a key from configuration, so a database dump, a backup or a support query does not hand out working routes.
 * A sealed value is {@code v1:} + base64(nonce ‖ ciphertext ‖ tag); a value without the prefix is a row written before
 * sealing and is read as it is.
 */
public final class SecretSeal {

    private static final String PREFIX = "v1:";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    /** The value could not be opened: sealed under another key (the key changed), or altered. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SecretSeal(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A seal whose key is derived from {@code secret} (HMAC-SHA256 of a fixed label under it: any length in, 256 bits out). */
    public static SecretSeal fromSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the outbox key is empty");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.strip().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return new SecretSeal(mac.doFinal("packops page outbox seal v1".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A seal with a random key: what it seals is unreadable after a restart (no key configured at all). */
    public static SecretSeal random() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new SecretSeal(k);
    }

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    public String seal(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plain value ({@code value} itself when it was never sealed). */
    public String open(String value) {
        if (value == null || !isSealed(value)) {
            return value;
        }
        try {
            byte[] all = Base64.getDecoder().decode(value.substring(PREFIX.length()));
            if (all.length <= NONCE) {
                throw new Unreadable("sealed value too short", null);
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE));
            return new String(c.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new Unreadable("sealed under another key, or altered", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
