package dev.strata.core.validate;

import java.util.ArrayList;
import java.util.List;

/** A path into the pipeline document: map keys (String) and list indexes (Integer). */
record YamlPath(List<Object> elements) {
    static final YamlPath ROOT = new YamlPath(List.of());

    YamlPath {
        elements = List.copyOf(elements);
        for (Object element : elements) {
            if (!(element instanceof String) && !(element instanceof Integer)) {
                throw new IllegalArgumentException("path elements are keys or indexes: " + element);
            }
        }
    }

    static YamlPath of(Object... elements) {
        return new YamlPath(List.of(elements));
    }

    YamlPath child(String key) {
        return append(key);
    }

    YamlPath child(int index) {
        return append(index);
    }

    /** This path followed by the given elements. */
    YamlPath resolve(Object... more) {
        List<Object> all = new ArrayList<>(elements);
        all.addAll(List.of(more));
        return new YamlPath(all);
    }

    YamlPath parent() {
        return elements.isEmpty() ? this : new YamlPath(elements.subList(0, elements.size() - 1));
    }

    boolean isRoot() {
        return elements.isEmpty();
    }

    Object last() {
        return elements.isEmpty() ? null : elements.get(elements.size() - 1);
    }

    boolean startsWith(YamlPath prefix) {
        return elements.size() >= prefix.elements.size()
                && elements.subList(0, prefix.elements.size()).equals(prefix.elements);
    }

    private YamlPath append(Object element) {
        List<Object> all = new ArrayList<>(elements);
        all.add(element);
        return new YamlPath(all);
    }

    /** Dotted, with list items as {@code [i]}: {@code datasets.silver.orders.expect[1].pattern}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Object element : elements) {
            if (element instanceof Integer) {
                out.append('[').append(element).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(element);
            }
        }
        return out.toString();
    }
}
