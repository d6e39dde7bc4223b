package io.packops.compat.manifest;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version, e.g. {@code 1.4.0}, {@code 2.0.0-rc.1+build.7}.
 *
 * <p>The natural order is SemVer precedence (spec section 11): numeric major, minor, patch; a
 * pre-release sorts before its release; pre-release identifiers compare numerically when both are
 * numeric, else in ASCII order, numeric before alphanumeric, and a longer list wins a tie. Build
 * metadata takes no part in precedence, so the order is <em>inconsistent with equals</em>:
 * {@code 1.0.0+a} and {@code 1.0.0+b} compare as 0 but are not equal (like {@code BigDecimal}'s
 * {@code 1.0} and {@code 1.00}).
 */
public record SemVer(long major, long minor, long patch, List<String> preRelease, List<String> build)
        implements Comparable<SemVer> {

    /** The regular expression published at semver.org, with capture groups for each part. */
    private static final Pattern OFFICIAL = Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");
    private static final Pattern PRE_RELEASE_IDENTIFIER = Pattern.compile("0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*");
    private static final Pattern BUILD_IDENTIFIER = Pattern.compile("[0-9a-zA-Z-]+");
    private static final Pattern NUMERIC = Pattern.compile("\\d+");
    private static final Pattern IDENTIFIER_CHARACTERS = Pattern.compile("[0-9a-zA-Z-]*");

    public SemVer {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must not be negative");
        }
        preRelease = List.copyOf(preRelease);
        build = List.copyOf(build);
        for (String identifier : preRelease) {
            if (!PRE_RELEASE_IDENTIFIER.matcher(identifier).matches()) {
                throw new IllegalArgumentException("invalid pre-release identifier " + Texts.quote(identifier));
            }
        }
        for (String identifier : build) {
            if (!BUILD_IDENTIFIER.matcher(identifier).matches()) {
                throw new IllegalArgumentException("invalid build identifier " + Texts.quote(identifier));
            }
        }
    }

    public static SemVer of(long major, long minor, long patch) {
        return new SemVer(major, minor, patch, List.of(), List.of());
    }

    /** Parses {@code text}; the exception message says what is wrong, as {@link #semverError} does. */
    public static SemVer parse(String text) {
        Attempt attempt = attempt(text);
        if (attempt.version() == null) {
            throw new IllegalArgumentException(attempt.error());
        }
        return attempt.version();
    }

    public static Optional<SemVer> tryParse(String text) {
        return Optional.ofNullable(attempt(text).version());
    }

    public static boolean isValid(String text) {
        return attempt(text).version() != null;
    }

    /** Why {@code text} is not a semantic version, or {@code null} when it is one. */
    public static String semverError(String text) {
        return attempt(text).error();
    }

    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    @Override
    public int compareTo(SemVer other) {
        int byCore = Long.compare(major, other.major);
        if (byCore == 0) {
            byCore = Long.compare(minor, other.minor);
        }
        if (byCore == 0) {
            byCore = Long.compare(patch, other.patch);
        }
        return byCore != 0 ? byCore : comparePreRelease(preRelease, other.preRelease);
    }

    /** The canonical text, which {@link #parse} turns back into an equal version. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
        if (!preRelease.isEmpty()) {
            text.append('-').append(String.join(".", preRelease));
        }
        if (!build.isEmpty()) {
            text.append('+').append(String.join(".", build));
        }
        return text.toString();
    }

    private static int comparePreRelease(List<String> left, List<String> right) {
        if (left.isEmpty() || right.isEmpty()) {
            // A release (no pre-release) has higher precedence than any of its pre-releases.
            return Boolean.compare(left.isEmpty(), right.isEmpty());
        }
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int byIdentifier = compareIdentifier(left.get(i), right.get(i));
            if (byIdentifier != 0) {
                return byIdentifier;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    private static int compareIdentifier(String left, String right) {
        boolean leftNumeric = NUMERIC.matcher(left).matches();
        boolean rightNumeric = NUMERIC.matcher(right).matches();
        if (leftNumeric && rightNumeric) {
            // Numeric identifiers have no leading zeros, so length then text is numeric order at any size.
            return left.length() != right.length()
                    ? Integer.compare(left.length(), right.length())
                    : left.compareTo(right);
        }
        if (leftNumeric != rightNumeric) {
            return leftNumeric ? -1 : 1;
        }
        return left.compareTo(right);
    }

    private record Attempt(SemVer version, String error) {
    }

    private static Attempt attempt(String text) {
        if (text == null || text.isEmpty()) {
            return new Attempt(null, "a version must not be empty");
        }
        Matcher matcher = OFFICIAL.matcher(text);
        if (!matcher.matches()) {
            return new Attempt(null, Texts.quote(text) + " is not a semantic version: " + diagnose(text));
        }
        try {
            return new Attempt(new SemVer(
                    Long.parseLong(matcher.group(1)),
                    Long.parseLong(matcher.group(2)),
                    Long.parseLong(matcher.group(3)),
                    identifiers(matcher.group(4)),
                    identifiers(matcher.group(5))), null);
        } catch (NumberFormatException tooLarge) {
            return new Attempt(null, Texts.quote(text) + " is not a supported version: a number is larger than "
                    + Long.MAX_VALUE);
        }
    }

    private static List<String> identifiers(String dotted) {
        return dotted == null ? List.of() : List.of(dotted.split("\\.", -1));
    }

    /** Names the first rule {@code text} breaks; only called when the official regex did not match. */
    private static String diagnose(String text) {
        int plus = text.indexOf('+');
        String head = plus < 0 ? text : text.substring(0, plus);
        int dash = head.indexOf('-');
        String core = dash < 0 ? head : head.substring(0, dash);

        if (core.startsWith("v") || core.startsWith("V")) {
            return "drop the leading '" + core.charAt(0) + "' (write " + text.substring(1) + ")";
        }
        String[] numbers = core.split("\\.", -1);
        if (numbers.length != 3 || !Arrays.stream(numbers).allMatch(n -> NUMERIC.matcher(n).matches())) {
            return "expected MAJOR.MINOR.PATCH, three numbers such as 1.4.0";
        }
        for (String number : numbers) {
            if (number.length() > 1 && number.startsWith("0")) {
                return "version number " + Texts.quote(number) + " has a leading zero";
            }
        }
        if (dash >= 0) {
            String reason = identifierProblem(head.substring(dash + 1), "pre-release", true);
            if (reason != null) {
                return reason;
            }
        }
        if (plus >= 0) {
            String reason = identifierProblem(text.substring(plus + 1), "build metadata", false);
            if (reason != null) {
                return reason;
            }
        }
        return "see https://semver.org";
    }

    private static String identifierProblem(String dotted, String part, boolean numericMustNotHaveLeadingZero) {
        for (String identifier : dotted.split("\\.", -1)) {
            if (identifier.isEmpty()) {
                return "the " + part + " has an empty identifier";
            }
            if (!IDENTIFIER_CHARACTERS.matcher(identifier).matches()) {
                return "the " + part + " identifier " + Texts.quote(identifier)
                        + " may only use letters, digits and '-'";
            }
            if (numericMustNotHaveLeadingZero && identifier.length() > 1 && identifier.startsWith("0")
                    && NUMERIC.matcher(identifier).matches()) {
                return "the numeric " + part + " identifier " + Texts.quote(identifier) + " has a leading zero";
            }
        }
        return null;
    }
}
