package io.packops.cli.runbooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of a shell to read runbook commands: words with quotes, command separators, curl's method and URL. */
final class Shell {

    /** An HTTP call a curl command makes. */
    record Call(String method, int port, String path) {
    }

    static final Set<String> SEPARATORS = Set.of("|", "||", "&&", ";", "&");
    private static final Pattern URL = Pattern.compile("^(?:https?://)?(?:localhost|127\\.0\\.0\\.1):(\\d+)(/[^?#]*)?");
    private static final Set<String> DATA = Set.of("-d", "--data", "--data-binary", "--data-raw", "--data-urlencode", "-F", "--form");

    private Shell() {
    }

    /** The command's words; quotes removed, separators as their own words, a comment ends it. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\'' ) {
                int end = command.indexOf('\'', i + 1);
                w.append(command, i + 1, end < 0 ? command.length() : end);
                i = end < 0 ? command.length() : end;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                while (j < command.length() && command.charAt(j) != '"') {
                    if (command.charAt(j) == '\\' && j + 1 < command.length()) {
                        j++;
                    }
                    w.append(command.charAt(j));
                    j++;
                }
                i = j;
                inWord = true;
            } else if (c == '#' && !inWord) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if ((c == '|' || c == '&' || c == ';') && !inWord) {
                String op = i + 1 < command.length() && command.charAt(i + 1) == c ? "" + c + c : "" + c;
                words.add(op);
                i += op.length() - 1;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    /** The simple commands of a line: words between separators. */
    static List<List<String>> simpleCommands(String command) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String w : words(command)) {
            if (SEPARATORS.contains(w)) {
                out.add(current);
                current = new ArrayList<>();
            } else {
                current.add(w);
            }
        }
        out.add(current);
        out.removeIf(List::isEmpty);
        return out;
    }

    /** The arguments of each {@code ./packops} invocation on the line. */
    static List<List<String>> packopsInvocations(String command) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> simple : simpleCommands(command)) {
            if (simple.get(0).equals("./packops")) {
                out.add(new ArrayList<>(simple.subList(1, simple.size())));
            }
        }
        return out;
    }

    /** The HTTP calls of each {@code curl} on the line to a host:port. */
    static List<Call> curlCalls(String command) {
        List<Call> out = new ArrayList<>();
        for (List<String> simple : simpleCommands(command)) {
            if (!simple.get(0).equals("curl")) {
                continue;
            }
            String method = null;
            boolean data = false;
            Matcher url = null;
            for (int i = 1; i < simple.size(); i++) {
                String w = simple.get(i);
                if (w.equals("-X") || w.equals("--request")) {
                    method = simple.get(++i);
                } else if (DATA.contains(w)) {
                    data = true;
                    i++;
                } else if (w.equals("-H") || w.equals("--header")) {
                    i++;
                } else {
                    Matcher m = URL.matcher(w);
                    if (m.find()) {
                        url = m;
                    }
                }
            }
            if (url != null) {
                String path = url.group(2) == null ? "/" : url.group(2);
                out.add(new Call(method != null ? method : data ? "POST" : "GET", Integer.parseInt(url.group(1)), path));
            }
        }
        return out;
    }
}
