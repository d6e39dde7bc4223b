package io.packops.ownership.document.validation;

/** The checks of one section of the document ({@code teams}, {@code people}, …); sections run in document order. */
interface SectionValidator {

    /** Reports every violation of the section into {@code checks}. */
    void validate(Checks checks);
}
