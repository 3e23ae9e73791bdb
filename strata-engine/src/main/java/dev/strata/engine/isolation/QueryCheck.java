package dev.strata.engine.isolation;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.TransformSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.PlanExpression;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import org.apache.spark.sql.catalyst.plans.logical.ScriptTransformation;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import org.apache.spark.sql.execution.SparkSqlParser;
import scala.collection.JavaConverters;

/**
 * Checks the SQL of a pipeline before a run builds anything. Every run: a dataset's {@code sql:} and a {@code sql} step
 * are one query each, never a statement ({@code SET}, {@code ADD JAR}, {@code CREATE …}, {@code INSERT}, {@code LOAD
 * DATA}) nor several. A server run, in its queries and expressions: no {@code TRANSFORM … USING} (it runs a program),
 * no table named by a path or with {@code ..} (tables are {@code layer.name}), no function that calls Java by name.
 *
 * <p>Spark's own parser decides, without the table formats' extensions, whose grammars add statements only.
 */
public final class QueryCheck {
    /** A part of a table name a server run may use: {@code silver}, {@code orders}, {@code snapshot_id_42}. */
    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9_]+");

    private static final SparkSqlParser PARSER = new SparkSqlParser();

    private final boolean restricted;
    private final List<String> problems = new ArrayList<>();

    private QueryCheck(boolean restricted) {
        this.restricted = restricted;
    }

    /**
     * Every problem of the datasets' SQL, each as {@code datasets.<name>.<field>: <reason>}; empty when there is none.
     *
     * @param restricted whether the run is a server's (see the class comment)
     */
    public static List<String> problems(List<DatasetPlan> datasets, boolean restricted) {
        QueryCheck check = new QueryCheck(restricted);
        for (DatasetPlan dataset : datasets) {
            check.dataset("datasets." + dataset.name(), dataset.spec());
        }
        return List.copyOf(check.problems);
    }

    /** The problems of one query: empty when it is a single query a run of this kind may run. */
    public static List<String> queryProblems(String sql, boolean restricted) {
        QueryCheck check = new QueryCheck(restricted);
        check.query("sql", sql);
        return List.copyOf(check.problems);
    }

    private void dataset(String at, DatasetSpec spec) {
        if (spec.sql() != null) {
            query(at + ".sql", spec.sql());
        }
        List<TransformSpec> steps = spec.transform();
        for (int i = 0; i < steps.size(); i++) {
            TransformSpec step = steps.get(i);
            String stepAt = at + ".transform[" + i + "]";
            if (step.sql() != null) {
                query(stepAt + ".sql", step.sql());
            }
            if (!restricted) {
                continue;
            }
            if (step.select() != null) {
                step.select().forEach(item -> expression(stepAt + ".select", item));
            }
            if (step.filter() != null) {
                expression(stepAt + ".filter", step.filter());
            }
            if (step.derive() != null) {
                step.derive().forEach((column, value) -> expression(stepAt + ".derive." + column, value));
            }
            if (step.join() != null && step.join().condition() != null) {
                expression(stepAt + ".join.condition", step.join().condition());
            }
        }
        if (restricted) {
            List<RuleSpec> rules = spec.expect();
            for (int i = 0; i < rules.size(); i++) {
                RuleSpec rule = rules.get(i);
                if (rule.expression() != null) {
                    expression(at + ".expect[" + i + "].expression", rule.expression());
                }
                if (rule.where() != null) {
                    expression(at + ".expect[" + i + "].where", rule.where());
                }
            }
            if (spec.write().deleteWhen() != null) {
                expression(at + ".write.delete_when", spec.write().deleteWhen());
            }
        }
    }

    private void query(String at, String sql) {
        LogicalPlan plan;
        try {
            plan = PARSER.parsePlan(sql);
        } catch (Exception e) { // Spark's ParseException is a checked AnalysisException
            // Several statements, or broken SQL: the parser says where.
            problems.add(at + ": is not a single SQL query: " + firstLine(e)
                    + " (write one SELECT or WITH query, without a ';' between statements)");
            return;
        }
        try {
            PARSER.parseQuery(sql);
        } catch (Exception e) {
            problems.add(at + ": is not a query but " + statement(firstStatement(plan))
                    + " statement (write one SELECT or WITH query; settings, DDL and writes are not allowed here)");
            return;
        }
        Set<String> found = new LinkedHashSet<>();
        walk(plan, found, Collections.newSetFromMap(new IdentityHashMap<>()));
        found.forEach(problem -> problems.add(at + ": " + problem));
    }

    private void expression(String at, String text) {
        Expression expression;
        try {
            expression = PARSER.parseExpression(text);
        } catch (Exception e) {
            return; // not an expression on its own (e.g. "amount DESC"); Spark reports what it cannot run
        }
        Set<String> found = new LinkedHashSet<>();
        walk(expression, found, Collections.newSetFromMap(new IdentityHashMap<>()));
        found.forEach(problem -> problems.add(at + ": " + problem));
    }

    /** Collects what a plan may not do: statements anywhere in it, and, restricted, the server-run refusals. */
    private void walk(LogicalPlan plan, Set<String> found, Set<Object> seen) {
        if (!seen.add(plan)) {
            return;
        }
        if (plan instanceof Command || plan instanceof ParsedStatement) {
            found.add("is not a query: it holds " + statement(plan)
                    + " statement (write one SELECT or WITH query; settings, DDL and writes are not allowed here)");
        }
        if (restricted) {
            if (plan instanceof ScriptTransformation) {
                found.add("TRANSFORM … USING runs a program on the host, which server runs may not do");
            }
            if (plan instanceof UnresolvedRelation relation) {
                List<String> parts = JavaConverters.seqAsJavaList(relation.multipartIdentifier());
                if (!parts.stream().allMatch(part -> NAME_PART.matcher(part).matches())) {
                    found.add("reads `" + String.join("`.`", parts) + "`, which is not a table name: server runs"
                            + " read tables as layer.name, never files by path");
                }
            }
        }
        for (LogicalPlan child : JavaConverters.seqAsJavaList(plan.children())) {
            walk(child, found, seen);
        }
        for (Object inner : JavaConverters.seqAsJavaList(plan.innerChildren())) {
            if (inner instanceof LogicalPlan innerPlan) {
                walk(innerPlan, found, seen);
            }
        }
        for (Expression expression : JavaConverters.seqAsJavaList(plan.expressions())) {
            walk(expression, found, seen);
        }
    }

    private void walk(Expression expression, Set<String> found, Set<Object> seen) {
        if (!seen.add(expression)) {
            return;
        }
        if (restricted && expression instanceof UnresolvedFunction function) {
            List<String> parts = JavaConverters.seqAsJavaList(function.nameParts());
            String name = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
            if (RestrictedSession.BLOCKED_FUNCTIONS.contains(name)) {
                found.add("the function " + name + " is not available to server runs (it calls Java code by name)");
            }
        }
        if (expression instanceof PlanExpression<?> subquery && subquery.plan() instanceof LogicalPlan plan) {
            walk(plan, found, seen);
        }
        for (Expression child : JavaConverters.seqAsJavaList(expression.children())) {
            walk(child, found, seen);
        }
    }

    /** The first line of a parser's message that says something (Spark's starts with an empty one). */
    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage())
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .findFirst()
                .orElse(e.getClass().getSimpleName());
    }

    /** The first statement in the plan (the {@code INSERT}s of a multi-insert lie under a union), else the plan. */
    private static LogicalPlan firstStatement(LogicalPlan plan) {
        if (plan instanceof Command || plan instanceof ParsedStatement) {
            return plan;
        }
        for (LogicalPlan child : JavaConverters.seqAsJavaList(plan.children())) {
            LogicalPlan found = firstStatement(child);
            if (found != child || child instanceof Command || child instanceof ParsedStatement) {
                return found;
            }
        }
        return plan;
    }

    /** {@code a SET}, {@code an INSERT INTO}, … as the statement's plan names it. */
    private static String statement(TreeNode<?> plan) {
        String name = plan.nodeName()
                .replaceAll("(Command|Statement)$", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2")
                .toUpperCase(Locale.ROOT);
        return ("AEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }
}
