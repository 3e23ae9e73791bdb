package dev.strata.engine.cloud;

import org.junit.jupiter.api.extension.ExtendWith;

/** The pipeline cases on {@code s3a://}, against S3Proxy. */
@ExtendWith(S3ProxyExtension.class)
class S3PipelineIT extends CloudPipelineCases {
    S3PipelineIT(S3Proxy s3) {
        super(s3);
    }
}
