package io.packops.compat.manifest;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Composes manifest text into a SnakeYAML node tree (nodes keep their line and column) without ever
 * constructing Java objects, so custom tags cannot instantiate anything. Untrusted input is bounded:
 * size, aliases (billion laughs) and nesting depth.
 */
final class YamlLoader {

    static final int MAX_CHARS = 5 * 1024 * 1024;
    static final int MAX_ALIASES = 50;
    /** A manifest nests about six levels deep; anything far deeper is an attack or an accident. */
    static final int MAX_NESTING = 20;

    /** A load that failed: one error with the position the YAML parser pointed at. */
    static final class LoadException extends Exception {
        private final transient ManifestError error;

        LoadException(ManifestError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        ManifestError error() {
            return error;
        }
    }

    private YamlLoader() {
    }

    /** The root node of the single document in {@code text}, or {@code null} when there is no document. */
    static Node load(String text) throws LoadException {
        if (text.length() > MAX_CHARS) {
            throw failure(1, 1, "the manifest is too large: " + text.length() + " characters, at most " + MAX_CHARS
                    + " are allowed");
        }
        rejectNonPrintable(text);

        LoaderOptions options = safeOptions();
        LimitingParser parser = new LimitingParser(new ParserImpl(new StreamReader(text), options));
        Composer composer = new Composer(parser, new Resolver(), options);
        try {
            if (!composer.checkNode()) {
                return null;
            }
            Node root = composer.getNode();
            if (composer.checkNode()) {
                Mark second = parser.peekEvent().getStartMark();
                throw failure(second.getLine() + 1, second.getColumn() + 1,
                        "found a second YAML document; a manifest is exactly one document (remove the '---')");
            }
            return root;
        } catch (MarkedYAMLException e) {
            throw new LoadException(syntaxError(e));
        } catch (YAMLException e) {
            // Limits SnakeYAML enforces without a position (nesting depth): point at the last event read.
            Mark where = parser.lastMark();
            throw failure(where == null ? 1 : where.getLine() + 1, where == null ? 1 : where.getColumn() + 1,
                    e.getMessage());
        }
    }

    private static LoaderOptions safeOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CHARS);
        options.setMergeOnCompose(false);
        options.setProcessComments(false);
        return options;
    }

    /** SnakeYAML rejects control characters with an unpositioned error; find them first to give a position. */
    private static void rejectNonPrintable(String text) throws LoadException {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!StreamReader.isPrintable(c)) {
                throw failure(line, column, "the control character " + Texts.describe(c) + " is not allowed in YAML");
            }
            boolean lineBreak = c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'));
            line += lineBreak ? 1 : 0;
            column = lineBreak ? 1 : column + 1;
            i += Character.charCount(c);
        }
    }

    private static ManifestError syntaxError(MarkedYAMLException e) {
        Mark where = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String message = syntaxMessage(e);
        return where == null
                ? new ManifestError("", 1, 1, message)
                : new ManifestError("", where.getLine() + 1, where.getColumn() + 1, message);
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        Mark contextMark = e.getContextMark();
        if (e.getContext() == null || contextMark == null || e.getProblemMark() == null) {
            return readable(e.getProblem());
        }
        String at = "line " + (contextMark.getLine() + 1) + ", column " + (contextMark.getColumn() + 1);
        if (e.getContext().equals("while scanning a quoted scalar")) {
            // SnakeYAML only notices at the end of the file; the author needs where the quote opened.
            return "unclosed quote: the quoted value that starts at " + at + " never ends";
        }
        return readable(e.getProblem()) + " (" + e.getContext().strip() + " at " + at + ")";
    }

    /** SnakeYAML's own wording is clear enough, except for how it spells a tab and words tags. */
    private static String readable(String snakeYamlText) {
        if (snakeYamlText == null) {
            return "invalid YAML";
        }
        if (snakeYamlText.contains("\\t(TAB)")) {
            return "a tab character cannot start a token; indent YAML with spaces, not tabs";
        }
        if (snakeYamlText.startsWith("Global tag is not allowed: ")) {
            return Nodes.tagNotAllowed(snakeYamlText.substring("Global tag is not allowed: ".length()));
        }
        return snakeYamlText.strip();
    }

    private static LoadException failure(int line, int column, String message) {
        return new LoadException(new ManifestError("", line, column, message));
    }

    /**
     * Counts alias events so an alias bomb fails at the offending alias, with its position, and
     * remembers the last event for errors SnakeYAML reports without one.
     */
    private static final class LimitingParser implements Parser {
        private final Parser delegate;
        private Event last;
        private int aliases;

        LimitingParser(Parser delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return delegate.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public Event getEvent() {
            Event event = delegate.getEvent();
            last = event;
            if (event instanceof AliasEvent && ++aliases > MAX_ALIASES) {
                throw new TooManyAliases(event.getStartMark());
            }
            return event;
        }

        Mark lastMark() {
            return last == null ? null : last.getStartMark();
        }
    }

    private static final class TooManyAliases extends MarkedYAMLException {
        TooManyAliases(Mark mark) {
            super(null, null, "too many aliases: a manifest may use at most " + MAX_ALIASES + " ('*name' references)",
                    mark);
        }
    }
}
