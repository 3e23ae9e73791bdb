package dev.strata.engine.cloud;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link Azurite} parameter. One Azurite serves the whole test JVM: it starts on first use and stops,
 * with its process tree, when the JVM's test run ends.
 */
final class AzuriteExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Azurite.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Azurite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Azurite.class, key -> start(), Azurite.class);
    }

    private static Azurite start() {
        try {
            return Azurite.start();
        } catch (java.io.IOException e) {
            throw new ParameterResolutionException("Cannot start Azurite: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParameterResolutionException("Interrupted while starting Azurite", e);
        }
    }
}
