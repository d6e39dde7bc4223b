package io.packops.servicekit.scrub;

import java.util.Locale;

/**
 * Which keys name a secret, under the many spellings drivers and services use ({@code password}, {@code PWD},
 * {@code private_key_passphrase}, {@code OAuthPvtKey}, {@code AccountKey}, {@code X-Amz-Signature},
 * {@code sig}, {@code refresh_token}...). A key is compared without case and without {@code . _ -}, by its
 * ending, so prefixes ({@code db_password}, {@code spark.hadoop.fs.s3a.secret.key}) count too.
 */
final class SecretKeys {

    /** Keys whose value is a secret after any separator ({@code =}, {@code :}, {@code =>}). */
    private static final String[] SECRET_ENDINGS = {"password", "passwd", "passphrase", "pass", "pwd", "pswd", "pw",
            "secret", "secretkey", "accesskey", "accesskeyid", "apikey", "privatekey", "privatekeyid", "accountkey",
            "sharedaccesskey", "sharedaccesssignature", "pvtkey", "keyfilejson", "routingkey", "integrationkey",
            "servicekey", "encryptionkey", "masterkey", "signingkey", "webhookurl"};
    /**
     * Keys that are a secret in a query string or a quoted field ({@code X-Amz-Signature=…}, {@code "credentials": …})
     * but also words of prose ("No matching signature: …", "Invalid credentials: user x").
     */
    private static final String[] PARAMETER_ENDINGS = {"signature", "credential", "credentials", "sig", "sas", "auth",
            "sessionid", "sessionkey"};
    private static final String[] PARAMETER_KEYS = {"key"};

    private SecretKeys() {
    }

    /**
     * Whether {@code key<separator>value} (the value without its quotes) carries a secret; {@code text} and
     * {@code keyStart} let a key be read in its context.
     */
    static boolean isSecret(String rawKey, String separator, String value, String text, int keyStart) {
        if (value.isEmpty() || value.equals(SecretScrubber.REDACTED) || notASecret(value)) {
            return false;
        }
        String key = normalised(rawKey);
        boolean quotedKey = keyStart > 0 && (text.charAt(keyStart - 1) == '"' || text.charAt(keyStart - 1) == '\'');
        boolean parameter = separator.startsWith("=") || quotedKey;
        if (endsWithAny(key, SECRET_ENDINGS)) {
            return true;
        }
        if (key.endsWith("token")) {
            // "Unexpected token: ')'" is a parser error, not a credential
            return !precededBy(text, keyStart, "unexpected ") && (parameter || value.length() >= 8);
        }
        if (endsWithAny(key, PARAMETER_ENDINGS)) {
            return parameter;
        }
        for (String exact : PARAMETER_KEYS) {
            if (key.equals(exact)) {
                return separator.equals("=") && value.length() >= 8;
            }
        }
        return false;
    }

    private static String normalised(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '.' && c != '_' && c != '-' && c != ':') {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean notASecret(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "yes", "no", "true", "false", "null", "none", "n/a", "<redacted>", "redacted" -> true;
            default -> v.chars().allMatch(c -> c == '*');
        };
    }

    private static boolean endsWithAny(String key, String[] endings) {
        for (String ending : endings) {
            if (key.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    private static boolean precededBy(String s, int at, String word) {
        int start = at - word.length();
        return start >= 0 && s.regionMatches(true, start, word, 0, word.length());
    }
}
