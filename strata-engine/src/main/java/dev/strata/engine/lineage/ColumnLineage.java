package dev.strata.engine.lineage;

import dev.strata.engine.lineage.LineageNames.DatasetId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.plans.logical.Generate;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import scala.collection.JavaConverters;

/**
 * Which input columns each output column of a batch is computed from, read from the batch's analyzed Spark plan: every
 * attribute Spark resolves has an id, an alias gives a new id to an expression over others, and a leaf (a table or a
 * source scan) gives ids to the columns of one input. So the walk is reliable wherever the plan is ordinary relational
 * algebra: projections, filters, joins, aggregations, windows, unions and generators. It records direct lineage only
 * (an output column and the columns its value is computed from; not the columns a filter or a join key reads), and
 * nothing for a leaf it cannot name (e.g. a scalar subquery's own plan, or a relation that is not a file scan or a
 * named table).
 */
final class ColumnLineage {
    /** How an output column comes from an input one, as OpenLineage's transformation subtypes say. */
    enum Kind {
        IDENTITY,
        TRANSFORMATION,
        AGGREGATION
    }

    /** One input column. */
    record Field(DatasetId dataset, String column) {}

    private final Function<LogicalPlan, DatasetId> leaves;
    private final Map<ExprId, Map<Field, Kind>> lineage = new HashMap<>();

    /** @param leaves the input a plan node reads, when it is a leaf Strata can name (a table, a source); else null */
    private ColumnLineage(Function<LogicalPlan, DatasetId> leaves) {
        this.leaves = leaves;
    }

    /** Each output column's input columns, in the plan's column order; columns computed from no input are left out. */
    static Map<String, Map<Field, Kind>> of(LogicalPlan analyzed, Function<LogicalPlan, DatasetId> leaves) {
        ColumnLineage walk = new ColumnLineage(leaves);
        walk.visit(analyzed);
        Map<String, Map<Field, Kind>> columns = new LinkedHashMap<>();
        for (Attribute output : list(analyzed.output())) {
            Map<Field, Kind> inputs = walk.lineage.get(output.exprId());
            if (inputs != null && !inputs.isEmpty()) {
                columns.put(output.name(), inputs);
            }
        }
        return columns;
    }

    private void visit(LogicalPlan plan) {
        DatasetId input = leaves.apply(plan);
        if (input != null) {
            for (Attribute column : list(plan.output())) {
                lineage.put(column.exprId(), Map.of(new Field(input, column.name()), Kind.IDENTITY));
            }
            return;
        }
        for (LogicalPlan child : list(plan.children())) {
            visit(child);
        }
        if (plan instanceof Union union) {
            // A union's columns keep the first child's ids; the others' columns at the same position feed them too.
            List<Attribute> outputs = list(union.output());
            for (LogicalPlan child :
                    list(union.children()).subList(1, union.children().size())) {
                List<Attribute> columns = list(child.output());
                for (int i = 0; i < Math.min(outputs.size(), columns.size()); i++) {
                    Map<Field, Kind> merged = new LinkedHashMap<>(
                            lineage.getOrDefault(outputs.get(i).exprId(), Map.of()));
                    lineage.getOrDefault(columns.get(i).exprId(), Map.of())
                            .forEach((f, k) -> merged.merge(f, k, ColumnLineage::max));
                    lineage.put(outputs.get(i).exprId(), merged);
                }
            }
        }
        if (plan instanceof Generate generate) {
            Map<Field, Kind> from = derive((Expression) generate.generator());
            for (Attribute column : list(generate.generatorOutput())) {
                lineage.put(column.exprId(), from);
            }
        }
        for (Expression expression : list(plan.expressions())) {
            aliases(expression);
        }
    }

    private void aliases(Expression expression) {
        for (Expression child : list(expression.children())) {
            aliases(child);
        }
        if (expression instanceof Alias alias) {
            lineage.put(alias.exprId(), derive(alias.child()));
        }
    }

    private Map<Field, Kind> derive(Expression expression) {
        Kind kind = expression instanceof Attribute
                ? Kind.IDENTITY
                : aggregates(expression) ? Kind.AGGREGATION : Kind.TRANSFORMATION;
        Map<Field, Kind> inputs = new LinkedHashMap<>();
        List<AttributeReference> references = new ArrayList<>();
        references(expression, references);
        for (AttributeReference reference : references) {
            lineage.getOrDefault(reference.exprId(), Map.of())
                    .forEach((field, from) -> inputs.merge(field, max(from, kind), ColumnLineage::max));
        }
        return inputs;
    }

    private static void references(Expression expression, List<AttributeReference> into) {
        if (expression instanceof AttributeReference reference) {
            into.add(reference);
        }
        for (Expression child : list(expression.children())) {
            references(child, into);
        }
    }

    private static boolean aggregates(Expression expression) {
        if (expression instanceof AggregateExpression) {
            return true;
        }
        for (Expression child : list(expression.children())) {
            if (aggregates(child)) {
                return true;
            }
        }
        return false;
    }

    private static Kind max(Kind a, Kind b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static <T> List<T> list(scala.collection.Seq<T> seq) {
        return JavaConverters.seqAsJavaList(seq);
    }
}
