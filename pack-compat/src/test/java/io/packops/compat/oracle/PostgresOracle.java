package io.packops.compat.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.compat.problem.ProblemCode;
import io.packops.compat.schema.Column;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.RelationKind;
import io.packops.compat.schema.TypeFamily;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.sql.ParsedQuery;
import io.packops.compat.sql.RelationRef;
import io.packops.compat.sql.TemplateExpander;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL as the oracle for pack-compat's resolver (DESIGN, "Compatibility report"): a
 * {@link WarehouseSchema} becomes empty tables in a fresh database, a compiled query's placeholders
 * become the quoted, qualified names of those tables, and PostgreSQL's {@code EXPLAIN} says whether
 * the query would compile there. Its error's SQLSTATE is mapped to the problem code pack-compat would
 * use, so the two verdicts can be compared.
 *
 * <p>Layout: a model is table {@code "models"."<name>"}; a source table is {@code "<source>"."<name>"}
 * (so salesforce's {@code salesforce.account} and {@code salesforce_history.account} stay apart), or
 * {@code "sources"."<name>"} when the schema does not name its source. Identifiers are quoted, so their
 * case is kept. Column types are the schema's raw warehouse types where PostgreSQL accepts them (the
 * sample catalogs were generated on PostgreSQL), else a PostgreSQL type of the column's family. The
 * search path is models first, then the source schemas, which is the order pack-compat resolves plain
 * table names in.
 *
 * <p>Columns whose family is {@link TypeFamily#UNKNOWN} cannot be left untyped in PostgreSQL; they are
 * created as {@code text}, and because pack-compat skips type checks on them by design, a type error
 * is retried with every unknown-typed column set to each of a few other types: the query is accepted
 * if any of those makes PostgreSQL accept it (see {@link Verdict#note()}).
 *
 * <p>{@link #withVariant} applies another schema as DDL in a transaction that is rolled back afterwards,
 * so many mutations of one large catalog cost a few statements each. One oracle uses one connection
 * and is not thread-safe.
 */
public final class PostgresOracle implements AutoCloseable {

    public static final String MODEL_SCHEMA = "models";
    /** Where a source table goes when the schema does not say which source it belongs to. */
    public static final String UNNAMED_SOURCE_SCHEMA = "sources";

    /** Category of a PostgreSQL error that has no pack-compat problem code. */
    public static final String OTHER_PREFIX = "PG_";

    private static final String EXPLAIN = "EXPLAIN (FORMAT JSON)\n";
    private static final Pattern PLACEHOLDER = Pattern.compile(
            Pattern.quote(TemplateExpander.PLACEHOLDER_PREFIX) + "(\\d+)__", Pattern.CASE_INSENSITIVE);
    /** A type name safe to splice into DDL: words, an optional (p) or (p,s), optional [] suffixes. */
    private static final Pattern TYPE_NAME = Pattern.compile(
            "[A-Za-z][A-Za-z0-9_ ]*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?[A-Za-z ]*(\\[\\])*");
    private static final List<String> UNKNOWN_TYPE_ALTERNATIVES =
            List.of("numeric", "timestamp", "date", "boolean", "jsonb", "text[]");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * PostgreSQL's answer for one query. {@code category} is null when PostgreSQL accepts the query,
     * else a {@link ProblemCode} or {@code PG_<sqlstate>}. {@code line} is the 1-based line of the
     * error position in the query (0 when PostgreSQL gives none). {@code sql} is the SQL that was
     * explained (placeholders replaced). {@code note} says how the verdict was reached when not directly.
     */
    public record Verdict(String category, String sqlState, String message, int line, String sql, String note) {

        public boolean ok() {
            return category == null;
        }

        public String describe() {
            if (ok()) {
                return "ok" + (note == null ? "" : " (" + note + ")");
            }
            return category + " [SQLSTATE " + sqlState + "] " + message + (line > 0 ? " (line " + line + ")" : "")
                    + (note == null ? "" : " (" + note + ")");
        }

        Verdict withNote(String n) {
            return new Verdict(category, sqlState, message, line, sql, n);
        }
    }

    private record PgColumn(String name, String type, boolean unknownType) {
    }

    /** Where one relation of the schema lives in PostgreSQL, and its columns as created. */
    private record Table(String schema, String name, List<PgColumn> columns) {
        String qualified() {
            return quote(schema) + "." + quote(name);
        }
    }

    /** A schema as laid out in PostgreSQL: tables by relation key (first relation of a key wins, as in pack-compat). */
    private record Layout(WarehouseSchema schema, Map<String, Table> tables) {
        List<String> schemas() {
            Set<String> names = new LinkedHashSet<>();
            names.add(MODEL_SCHEMA);
            tables.values().forEach(t -> names.add(t.schema()));
            return List.copyOf(names);
        }
    }

    private final EmbeddedPostgres server;
    private final String database;
    private final Connection connection;
    private final Map<String, Boolean> acceptedTypes = new HashMap<>();
    private Layout layout;

    private PostgresOracle(EmbeddedPostgres server, String database, Connection connection) {
        this.server = server;
        this.database = database;
        this.connection = connection;
    }

    /** Creates a fresh database holding {@code schema}'s relations as empty tables. */
    public static PostgresOracle create(EmbeddedPostgres server, WarehouseSchema schema) throws SQLException {
        String database = "oracle_" + DATABASES.incrementAndGet();
        try (Connection admin = server.getPostgresDatabase().getConnection();
             Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + quote(database) + " TEMPLATE template0 STRATEGY FILE_COPY");
        }
        PostgresOracle oracle = new PostgresOracle(server, database,
                server.getDatabase("postgres", database).getConnection());
        try {
            oracle.load(schema);
        } catch (SQLException | RuntimeException e) {
            oracle.close();
            throw e;
        }
        return oracle;
    }

    public WarehouseSchema schema() {
        return layout.schema();
    }

    private void load(WarehouseSchema schema) throws SQLException {
        Layout next = layout(schema);
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            StringBuilder ddl = new StringBuilder();
            for (String name : next.schemas()) {
                ddl.append("CREATE SCHEMA ").append(quote(name)).append(";\n");
            }
            for (Table t : next.tables().values()) {
                ddl.append(createTable(t)).append(";\n");
            }
            s.execute(ddl.toString());
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        layout = next;
        setSearchPath(next);
    }

    private Layout layout(WarehouseSchema schema) throws SQLException {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (Relation r : schema.relations()) {
            if (tables.containsKey(r.key())) {
                continue; // WarehouseSchema keeps the first relation of a key too
            }
            String pgSchema = r.kind() == RelationKind.MODEL ? MODEL_SCHEMA
                    : r.sourceName() != null ? r.sourceName() : UNNAMED_SOURCE_SCHEMA;
            List<PgColumn> columns = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Column c : r.columns()) {
                if (seen.add(c.name())) {
                    columns.add(new PgColumn(c.name(), pgType(c), c.family() == TypeFamily.UNKNOWN));
                }
            }
            tables.put(r.key(), new Table(pgSchema, r.name(), List.copyOf(columns)));
        }
        return new Layout(schema, tables);
    }

    private static String createTable(Table t) {
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(t.qualified()).append(" (");
        for (int i = 0; i < t.columns().size(); i++) {
            PgColumn c = t.columns().get(i);
            ddl.append(i == 0 ? "" : ", ").append(quote(c.name())).append(' ').append(c.type());
        }
        return ddl.append(')').toString();
    }

    /** The column's raw type when PostgreSQL knows it, else a PostgreSQL type of its family. */
    private String pgType(Column c) throws SQLException {
        String raw = c.type().strip();
        if (!raw.isEmpty() && TYPE_NAME.matcher(raw).matches() && typeAccepted(raw)) {
            return raw;
        }
        return switch (c.family()) {
            case STRING, UNKNOWN -> "text";
            case INTEGER -> "bigint";
            case NUMERIC -> "numeric";
            case FLOAT -> "double precision";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamp";
            case DATE -> "date";
            case JSON -> "jsonb";
            case ARRAY -> "text[]";
        };
    }

    private boolean typeAccepted(String raw) throws SQLException {
        Boolean known = acceptedTypes.get(raw);
        if (known == null) {
            known = attempt("SELECT NULL::" + raw);
            acceptedTypes.put(raw, known);
        }
        return known;
    }

    /** Runs {@code sql}; false when PostgreSQL rejects it (inside a transaction, only the statement is undone). */
    private boolean attempt(String sql) throws SQLException {
        Savepoint sp = connection.getAutoCommit() ? null : connection.setSavepoint();
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
            if (sp != null) {
                connection.releaseSavepoint(sp);
            }
            return true;
        } catch (PSQLException e) {
            if (sp != null) {
                connection.rollback(sp);
            }
            return false;
        }
    }

    private void setSearchPath(Layout l) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET search_path TO " + String.join(", ", l.schemas().stream().map(PostgresOracle::quote).toList()));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Queries

    /**
     * The query's expanded SQL with each placeholder replaced by the quoted, qualified name of the
     * table it names (a relation the schema lacks keeps its natural name, which PostgreSQL then misses).
     */
    public String expand(ParsedQuery query) {
        List<RelationRef> refs = query.expanded().refs();
        Matcher m = PLACEHOLDER.matcher(query.expanded().sql());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int i = Integer.parseInt(m.group(1));
            if (i >= refs.size()) {
                throw new IllegalStateException("placeholder " + m.group() + " has no ref in " + refs);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(qualifiedName(refs.get(i))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code "models"."m"} for ref('m'), {@code "s"."t"} for source('s', 't'), in the current layout. */
    public String qualifiedName(RelationRef ref) {
        WarehouseSchema schema = layout.schema();
        Relation r = ref.kind() == RelationRef.Kind.MODEL ? schema.model(ref.name()) : schema.source(ref.sourceName(), ref.name());
        if (r != null) {
            return layout.tables().get(r.key()).qualified();
        }
        return ref.kind() == RelationRef.Kind.MODEL
                ? quote(MODEL_SCHEMA) + "." + quote(ref.name())
                : quote(ref.sourceName()) + "." + quote(ref.name());
    }

    /**
     * PostgreSQL's verdict on {@code query} (which must have expanded without template issues).
     * A type error is retried with other types for unknown-typed columns, as described on the class.
     */
    public Verdict explain(ParsedQuery query) throws SQLException {
        if (!query.expanded().issues().isEmpty()) {
            throw new IllegalArgumentException("query has template issues PostgreSQL cannot judge: " + query.expanded().issues());
        }
        String sql = expand(query);
        Verdict v = explainSql(sql);
        if (ProblemCode.TYPE_MISMATCH.equals(v.category()) && mentionsUnknownTypedColumn(sql)) {
            Verdict retried = retryWithTypesForUnknownColumns(sql);
            if (retried != null) {
                return retried;
            }
        }
        return v;
    }

    /**
     * EXPLAINs already-expanded SQL as one prepared statement, in a transaction (or below a savepoint)
     * that is always rolled back, so nothing the text might do outlives the call.
     */
    public Verdict explainSql(String sql) throws SQLException {
        boolean ownTransaction = connection.getAutoCommit();
        if (ownTransaction) {
            connection.setAutoCommit(false);
        }
        Savepoint sp = ownTransaction ? null : connection.setSavepoint();
        try (PreparedStatement ps = connection.prepareStatement(EXPLAIN + sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            String top = topPlanNode(rs.getString(1));
            if ("ModifyTable".equals(top)) {
                // EXPLAIN plans INSERT/UPDATE/DELETE/MERGE too; a tile must be a query.
                return new Verdict(ProblemCode.SQL_PARSE_ERROR, "", "not a query: PostgreSQL plans it as " + top, 1, sql, null);
            }
            return new Verdict(null, null, null, 0, sql, null);
        } catch (PSQLException e) {
            ServerErrorMessage server = e.getServerErrorMessage();
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String message = server != null && server.getMessage() != null ? server.getMessage() : String.valueOf(e.getMessage());
            int line = server == null ? 0 : lineAt(sql, server.getPosition() - EXPLAIN.length());
            return new Verdict(category(state, message), state, message, line, sql, null);
        } finally {
            if (ownTransaction) {
                connection.rollback();
                connection.setAutoCommit(true);
            } else {
                connection.rollback(sp);
                connection.releaseSavepoint(sp);
            }
        }
    }

    /**
     * The pack-compat problem code a PostgreSQL error corresponds to, by SQLSTATE (and, where one
     * SQLSTATE covers errors pack-compat names differently, by message).
     */
    public static String category(String sqlState, String message) {
        String m = message == null ? "" : message;
        return switch (sqlState) {
            case "42703" -> ProblemCode.MISSING_COLUMN;   // undefined_column
            // undefined_table: relation does not exist; missing FROM-clause entry for table "x";
            // invalid reference to FROM-clause entry for table "x"
            case "42P01" -> ProblemCode.MISSING_RELATION;
            case "3F000" -> ProblemCode.MISSING_RELATION; // invalid_schema_name (a qualified name's schema)
            // invalid_column_reference: "ORDER BY/GROUP BY position 3 is not in select list" is a
            // select-list column that is not there; other 42P10 errors are reported as they are.
            case "42P10" -> m.matches("(?s).*position -?\\d+ is not in select list.*")
                    ? ProblemCode.MISSING_COLUMN : OTHER_PREFIX + sqlState;
            case "42702" -> ProblemCode.AMBIGUOUS_COLUMN; // ambiguous_column
            // undefined_function (no function/operator for these argument types), datatype_mismatch,
            // cannot_coerce
            case "42883", "42804", "42846" -> ProblemCode.TYPE_MISMATCH;
            // PostgreSQL reports set-operation branches of different widths as a syntax error;
            // pack-compat calls it a TYPE_MISMATCH (the branches' row types do not match).
            case "42601" -> m.contains("must have the same number of columns")
                    ? ProblemCode.TYPE_MISMATCH : ProblemCode.SQL_PARSE_ERROR;
            // pgjdbc's own state for "Multiple ResultSets were returned by the query": the driver splits
            // the text at semicolons, so several statements reach PostgreSQL as several queries. A tile
            // must be one query, and pack-compat reports that as a parse error.
            case "0100E" -> ProblemCode.SQL_PARSE_ERROR;
            default -> OTHER_PREFIX + sqlState;
        };
    }

    /** Whether a column of unknown type is named in the SQL (as a word; over-approximate is fine). */
    private boolean mentionsUnknownTypedColumn(String sql) {
        String text = sql.toLowerCase(Locale.ROOT);
        return layout.tables().values().stream().flatMap(t -> t.columns().stream()).filter(PgColumn::unknownType)
                .anyMatch(c -> Pattern.compile("\\b" + Pattern.quote(c.name().toLowerCase(Locale.ROOT)) + "\\b")
                        .matcher(text).find());
    }

    /** The first verdict that accepts {@code sql} with the unknown-typed columns retyped, or null. */
    private Verdict retryWithTypesForUnknownColumns(String sql) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (String type : UNKNOWN_TYPE_ALTERNATIVES) {
                Savepoint sp = connection.setSavepoint();
                try (Statement s = connection.createStatement()) {
                    for (Table t : layout.tables().values()) {
                        for (PgColumn c : t.columns()) {
                            if (c.unknownType()) {
                                s.execute("ALTER TABLE " + t.qualified() + " ALTER COLUMN " + quote(c.name())
                                        + " TYPE " + type + " USING NULL");
                            }
                        }
                    }
                    Verdict v = explainSql(sql);
                    if (v.ok()) {
                        return v.withNote("accepted once the schema's unknown-typed columns are " + type);
                    }
                } finally {
                    connection.rollback(sp);
                }
            }
            return null;
        } finally {
            if (autoCommit) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Variants

    /** What to do while a variant is in place. */
    @FunctionalInterface
    public interface VariantWork<T> {
        T run(PostgresOracle oracle) throws SQLException;
    }

    /**
     * Runs {@code work} with the database showing {@code variant} instead of the loaded schema: the
     * relations that differ are dropped and re-created in a transaction, which is rolled back after.
     */
    public <T> T withVariant(WarehouseSchema variant, VariantWork<T> work) throws SQLException {
        Layout base = layout;
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("variants do not nest");
        }
        Layout next = layout(variant);
        connection.setAutoCommit(false);
        try {
            try (Statement s = connection.createStatement()) {
                for (Map.Entry<String, Table> e : base.tables().entrySet()) {
                    if (!e.getValue().equals(next.tables().get(e.getKey()))) {
                        s.execute("DROP TABLE " + e.getValue().qualified());
                    }
                }
                for (Map.Entry<String, Table> e : next.tables().entrySet()) {
                    if (!e.getValue().equals(base.tables().get(e.getKey()))) {
                        s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(e.getValue().schema()));
                        s.execute(createTable(e.getValue()));
                    }
                }
            }
            layout = next;
            setSearchPath(next);
            return work.run(this);
        } finally {
            layout = base;
            connection.rollback(); // also undoes SET search_path
            connection.setAutoCommit(true);
        }
    }

    /** The type PostgreSQL gives a column of the current layout (for tests of the layout itself), or null. */
    String columnType(String schema, String table, String column) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                        + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relname = ? AND a.attname = ? AND NOT a.attisdropped")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            ps.setString(3, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.close();
        } finally {
            try (Connection admin = server.getPostgresDatabase().getConnection();
                 Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    public static String quote(String identifier) {
        return '"' + Objects.requireNonNull(identifier, "identifier").replace("\"", "\"\"") + '"';
    }

    private static String topPlanNode(String planJson) {
        try {
            JsonNode plan = JSON.readTree(planJson);
            return plan.path(0).path("Plan").path("Node Type").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private static int lineAt(String sql, int position) {
        if (position <= 0) {
            return 0;
        }
        int line = 1;
        // PostgreSQL's position counts characters, 1-based.
        for (int i = 0; i < Math.min(position - 1, sql.length()); i++) {
            if (sql.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    @Override
    public String toString() {
        return "PostgresOracle[" + database + ", " + layout.tables().size() + " tables]";
    }
}
