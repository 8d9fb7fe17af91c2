package io.peerhub.protocol.vectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables of docs/protocol.md, each with the heading it sits under. web-client's
 * src/vectors/spec.ts reads them the same way.
 */
record SpecTables(List<Table> tables) {

    record Table(String heading, List<String> header, List<List<String>> rows) {

        /** The backticked words of one column, in row order. */
        Set<String> codes(int column) {
            Set<String> out = new LinkedHashSet<>();
            rows.forEach(r -> out.addAll(backticked(r.get(column))));
            return out;
        }
    }

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    static SpecTables read() {
        try {
            return parse(Files.readAllLines(Path.of(System.getProperty("peerhub.spec", "../docs/protocol.md"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SpecTables parse(List<String> lines) {
        List<Table> tables = new ArrayList<>();
        String heading = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#")) {
                heading = line.replaceFirst("^#+\\s*", "");
            } else if (line.startsWith("|") && i + 1 < lines.size() && lines.get(i + 1).strip().startsWith("|---")) {
                List<String> header = cells(line);
                List<List<String>> rows = new ArrayList<>();
                for (i += 2; i < lines.size() && lines.get(i).strip().startsWith("|"); i++) {
                    rows.add(cells(lines.get(i).strip()));
                }
                i--;
                tables.add(new Table(heading, header, rows));
            }
        }
        return new SpecTables(tables);
    }

    /** The table under {@code heading} whose first column is headed {@code firstColumn}. */
    Table table(String heading, String firstColumn) {
        return tables.stream().filter(t -> t.heading.equals(heading) && t.header.get(0).equals(firstColumn)).findFirst()
                .orElseThrow(() -> new AssertionError("docs/protocol.md has no table \"" + firstColumn + "\" under \"" + heading + "\""));
    }

    static List<String> backticked(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
        return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
    }
}
