package io.packops.compat.upgrade.rename;

import java.util.Locale;

/**
 * Why a removed name and an added one look like one renamed thing. Each pair of names matches at most one rule,
 * the first that applies in this order; {@link #base} is the rule's score before the type families and the
 * model's other renames are weighed in (see {@link Renames}).
 */
public enum RenameRule {
    /** {@code createdat} / {@code created_at}, {@code firstName} / {@code first_name}. */
    SEPARATORS(0.9, "the same words with other separators or case"),
    /** {@code amount_refunded} / {@code refunded_amount}. */
    REORDERED(0.85, "the same words in another order"),
    /** {@code dispute_id} / {@code dispute_ids}: often a column that now aggregates several values. */
    PLURAL(0.85, "one word turned plural or singular (the column may now hold several values)"),
    /** {@code charged_created} / {@code charge_created}: one word one edit apart (two for words of 8+ letters). */
    TYPO(0.85, "one word spelled differently"),
    /** {@code created_at} / {@code balance_transaction_created_at}. */
    PREFIX_ADDED(0.8, "words added in front"),
    /** {@code balance_transaction_fee} / {@code fee}. */
    PREFIX_REMOVED(0.8, "leading words dropped"),
    /** {@code arrival_date} / {@code arrival_date_at}. */
    SUFFIX_ADDED(0.8, "words added at the end"),
    /** {@code checkout_session_id} / {@code checkout_session}. */
    SUFFIX_REMOVED(0.8, "trailing words dropped"),
    /** {@code payout_expected_arrival_date} / {@code payout_arrival_date_at}: most words shared, at least two. */
    SHARED_WORDS(0.9, "most words shared");

    /** An affix rule scores this when the shorter name is a single word ({@code fee}, {@code type}): too generic alone. */
    static final double ONE_WORD_AFFIX = 0.6;

    private final double base;
    private final String description;

    RenameRule(double base, String description) {
        this.base = base;
        this.description = description;
    }

    double base() {
        return base;
    }

    /** A phrase for people: {@code words added in front}. */
    public String description() {
        return description;
    }

    /** {@code prefix-added}: how reports and JSON name the rule. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    boolean isAffix() {
        return this == PREFIX_ADDED || this == PREFIX_REMOVED || this == SUFFIX_ADDED || this == SUFFIX_REMOVED;
    }
}
