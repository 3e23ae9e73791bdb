package dev.strata.engine.crypto;

import dev.strata.core.crypto.ColumnCipher;
import dev.strata.core.crypto.KeyMaterial;
import dev.strata.core.crypto.KeyMetadata;
import dev.strata.core.crypto.KeyStore;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.Pipeline;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.AbstractFunction1;

/**
 * {@code strata_decrypt(column)} (and {@code strata_decrypt(column, 'layer.name.column')}) in a SparkSession, for one
 * principal: registered only when its roles are granted at least one key the pipeline encrypts with, and then only
 * able to decrypt the columns of those keys. The column's origin (dataset and column, the associated data) comes from
 * the query: the argument must be a column whose name a granted {@code encrypt:} lists. What was decrypted is counted
 * and named, for the audit.
 */
public final class DecryptFunctions {
    public static final String NAME = "strata_decrypt";

    private final Map<String, List<DecryptFunction.Origin>> byColumn = new HashMap<>();
    private final Map<String, DecryptFunction.Origin> byContext = new HashMap<>();
    private final Map<String, String> keyOfContext = new HashMap<>();
    private final Set<String> encryptedKeys = new LinkedHashSet<>();
    private final Set<String> grantedKeys = new LinkedHashSet<>();
    private final Set<String> used = new LinkedHashSet<>();
    private final String principal;
    private final List<LongAccumulator> decrypted = new ArrayList<>();
    private SparkSession spark;

    private DecryptFunctions(String principal) {
        this.principal = principal;
    }

    /**
     * Registers {@code strata_decrypt} in {@code spark} for a principal whose roles (its own {@code user:NAME} among
     * them) are {@code roles}, when they are granted a key of the pipeline.
     */
    public static DecryptFunctions register(
            SparkSession spark, Pipeline pipeline, KeyStore keys, String principal, Collection<String> roles) {
        DecryptFunctions functions = new DecryptFunctions(principal);
        Map<String, KeyMaterial> opened = new HashMap<>();
        for (Map.Entry<String, DatasetSpec> entry : pipeline.spec().datasets().entrySet()) {
            DatasetSpec dataset = entry.getValue();
            if (dataset.encrypt() == null) {
                continue;
            }
            String key = dataset.encrypt().key();
            functions.encryptedKeys.add(key);
            KeyMetadata metadata = keys.metadata(key).orElse(null);
            if (metadata == null || !metadata.grants(roles)) {
                continue;
            }
            functions.grantedKeys.add(key);
            KeyMaterial material = opened.computeIfAbsent(key, keys::open);
            boolean deterministic = Boolean.TRUE.equals(dataset.encrypt().deterministic());
            List<String> columns = new ArrayList<>(dataset.encrypt().columns());
            columns.add(ColumnEncryption.RAW_RECORD);
            for (String column : columns) {
                String context = ColumnCipher.context(entry.getKey(), column);
                DecryptFunction.Origin origin =
                        new DecryptFunction.Origin(material.keyset(deterministic), deterministic, context);
                functions
                        .byColumn
                        .computeIfAbsent(column, c -> new ArrayList<>())
                        .add(origin);
                functions.byContext.put(context, origin);
                functions.keyOfContext.put(context, key);
            }
        }
        if (!functions.grantedKeys.isEmpty()) {
            functions.spark = spark;
            spark.sessionState()
                    .functionRegistry()
                    .registerFunction(
                            new FunctionIdentifier(NAME, scala.Option.empty(), scala.Option.empty()),
                            new ExpressionInfo(DecryptFunctions.class.getName(), NAME),
                            functions.new Builder());
        }
        return functions;
    }

    /** Whether the function was registered: the principal is granted a key of the pipeline. */
    public boolean available() {
        return !grantedKeys.isEmpty();
    }

    /** The keys the pipeline encrypts with. */
    public Set<String> encryptedKeys() {
        return Set.copyOf(encryptedKeys);
    }

    /** The contexts ({@code layer.name.column}) queries resolved {@code strata_decrypt} for so far. */
    public List<String> used() {
        return List.copyOf(used);
    }

    /** The keys of {@link #used()}. */
    public List<String> usedKeys() {
        return used.stream().map(keyOfContext::get).distinct().toList();
    }

    /** The values decrypted so far. */
    public long decrypted() {
        return decrypted.stream().mapToLong(LongAccumulator::value).sum();
    }

    public String principal() {
        return principal;
    }

    /**
     * Starts counting anew, so that the next query's use is audited on its own: one session runs many queries in
     * {@code strata shell}.
     */
    public void forgetUsage() {
        used.clear();
        decrypted.clear();
    }

    private Expression build(List<Expression> arguments) {
        if (arguments.isEmpty() || arguments.size() > 2) {
            throw refused("takes a column, and optionally its origin 'layer.name.column'");
        }
        Expression argument = arguments.get(0);
        List<DecryptFunction.Origin> origins;
        if (arguments.size() == 2) {
            if (!(arguments.get(1) instanceof Literal literal) || literal.value() == null) {
                throw refused("takes the origin as a literal 'layer.name.column'");
            }
            DecryptFunction.Origin origin = byContext.get(literal.value().toString());
            if (origin == null) {
                throw refused("cannot decrypt " + literal.value() + ": it is no column encrypted with a key "
                        + principal + " is granted (granted: " + String.join(", ", grantedKeys) + ")");
            }
            origins = List.of(origin);
        } else {
            String column = columnName(argument);
            if (column == null) {
                throw refused("takes a column of an encrypted table, e.g. strata_decrypt(email)");
            }
            origins = byColumn.get(column);
            if (origins == null) {
                throw refused("cannot decrypt " + column + ": it is no column encrypted with a key " + principal
                        + " is granted (granted: " + String.join(", ", grantedKeys) + ")");
            }
        }
        origins.forEach(o -> used.add(o.context()));
        // One accumulator per use: a task that carries one accumulator in two functions reports it twice.
        LongAccumulator counter = spark.sparkContext().longAccumulator(NAME + " values");
        decrypted.add(counter);
        DecryptFunction function = new DecryptFunction(origins, counter);
        return org.apache
                .spark
                .sql
                .functions
                .udf(function, DataTypes.StringType)
                .apply(new Column(argument))
                .expr();
    }

    private static String columnName(Expression argument) {
        if (argument instanceof Attribute attribute) {
            return attribute.name();
        }
        if (argument instanceof UnresolvedAttribute unresolved) {
            List<String> parts = JavaConverters.seqAsJavaList(unresolved.nameParts());
            return parts.get(parts.size() - 1);
        }
        return null;
    }

    private static StrataException refused(String reason) {
        return new StrataException(ErrorCode.INVALID_SPEC, NAME + " " + reason);
    }

    private final class Builder extends AbstractFunction1<Seq<Expression>, Expression> {
        @Override
        public Expression apply(Seq<Expression> arguments) {
            return build(JavaConverters.seqAsJavaList(arguments));
        }
    }
}
