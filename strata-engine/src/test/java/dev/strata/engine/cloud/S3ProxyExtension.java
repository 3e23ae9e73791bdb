package dev.strata.engine.cloud;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link S3Proxy} parameter. One S3Proxy serves the whole test JVM: it starts on first use and stops,
 * with its process tree, when the JVM's test run ends.
 */
final class S3ProxyExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(S3Proxy.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == S3Proxy.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(S3Proxy.class, key -> start(), S3Proxy.class);
    }

    private static S3Proxy start() {
        try {
            return S3Proxy.start();
        } catch (java.io.IOException e) {
            throw new ParameterResolutionException("Cannot start S3Proxy: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParameterResolutionException("Interrupted while starting S3Proxy", e);
        }
    }
}
