package dev.strata.engine.cloud;

import org.junit.jupiter.api.extension.ExtendWith;

/** The pipeline cases on {@code wasb://}, against Azurite. */
@ExtendWith(AzuriteExtension.class)
class AzureBlobPipelineIT extends CloudPipelineCases {
    AzureBlobPipelineIT(Azurite azure) {
        super(azure);
    }
}
