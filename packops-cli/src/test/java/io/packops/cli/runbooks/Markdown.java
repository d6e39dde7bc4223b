package io.packops.cli.runbooks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the runbook tests read from a Markdown file: its heading anchors (GitHub's slugs), links, fenced commands
 * (continuation lines joined), inline code spans and the prose outside fences.
 */
record Markdown(String text, Set<String> anchors, List<String> links, List<String> commands, List<String> inlineCode,
                String prose) {

    private static final Pattern FENCE = Pattern.compile("^\\s*```");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");

    static Markdown read(java.nio.file.Path file) {
        return parse(RunbooksTest.read(file));
    }

    static Markdown parse(String text) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        List<String> commands = new ArrayList<>();
        StringBuilder prose = new StringBuilder();
        boolean fenced = false;
        StringBuilder command = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                String trimmed = line.trim();
                if (trimmed.endsWith("\\")) {
                    command.append(trimmed, 0, trimmed.length() - 1).append(' ');
                } else {
                    command.append(trimmed);
                    if (!command.isEmpty()) {
                        commands.add(command.toString());
                    }
                    command.setLength(0);
                }
                continue;
            }
            prose.append(line).append('\n');
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String slug = slug(h.group(2));
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        List<String> links = new ArrayList<>();
        Matcher l = LINK.matcher(prose);
        while (l.find()) {
            links.add(l.group(1));
        }
        List<String> inline = new ArrayList<>();
        Matcher c = CODE.matcher(prose);
        while (c.find()) {
            inline.add(c.group(1));
        }
        return new Markdown(text, anchors, links, commands, inline, prose.toString());
    }

    /** GitHub's heading anchor: lower case, only letters, digits, spaces, '-' and '_' kept, spaces to '-'. */
    static String slug(String heading) {
        String plain = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1"); // a link in a heading keeps its text
        return plain.toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
