package dev.strata.server;

import java.util.List;
import java.util.Map;

/**
 * The JSON request bodies, one record each, for the OpenAPI document's request schemas. Handlers read the same fields
 * from the body's tree ({@link Json#object}) so that each wrong field gets its own message, in the order the API has
 * always checked them; a field added to a handler is added here too.
 */
final class Requests {
    private Requests() {}

    /**
     * {@code POST /api/v1/pipelines/run}: a pipeline file under {@code STRATA_PIPELINES_DIR}, and its run's parameters
     * (names to strings, numbers or booleans).
     */
    record RunFileRequest(String configPath, Map<String, Object> parameters) {}

    /** {@code POST /api/v1/pipelines/{name}/runs}: one dataset only (and what it needs), and the run's parameters. */
    record RunRequest(String only, Map<String, Object> parameters) {}

    /** A pipeline's YAML sent as JSON; {@code application/yaml} sends the YAML itself. */
    record PipelineYamlRequest(String yaml) {}

    /** {@code POST /api/v1/api-keys}: absent {@code pipelines} make a key valid on every pipeline. */
    record ApiKeyRequest(String name, String role, List<String> pipelines) {}

    /** {@code PUT /api/v1/role-bindings}: who holds which role on which pipeline. */
    record RoleBindingRequest(String principal, String pipeline, String role) {}
}
